import { type Db, type JobStatus, type LatestTelemetry, latestTelemetry, type Prisma } from "@edgeseg/db";
import type { FleetFilter } from "./filter.ts";
import { type DeviceState, deviceState } from "./state.ts";

export interface FleetJob {
  id: string;
  modelId: string;
  modelVersion: string;
  status: JobStatus;
  campaignId: string;
  progress: { phase: string; done: number; total: number; at: Date } | null;
}

export interface FleetDevice {
  id: string;
  name: string;
  state: DeviceState;
  deviceClassId: string | null;
  agentVersion: string | null;
  lastSeenAt: Date | null;
  tags: string[];
  job: FleetJob | null;
  /** Latest telemetry bucket's temperature (°C), with the bucket's start. */
  temperature: { avgC: number | null; maxC: number | null; at: Date } | null;
}

export interface ClassCount {
  deviceClassId: string;
  name: string;
  total: number;
  online: number;
}

export interface Fleet {
  devices: FleetDevice[];
  /** Every class with devices, over the whole fleet (not only the filtered rows). */
  counts: ClassCount[];
  tags: string[];
  pending: number;
  total: number;
}

const fleetInclude = {
  deviceClass: { select: { name: true } },
  tags: { select: { tag: true }, orderBy: { tag: "asc" } },
  // The job a device is on: delivered (acknowledged or not yet) or running, newest first.
  jobs: { where: { status: { in: ["delivered", "running"] } }, orderBy: { deliveredAt: "desc" }, take: 1 },
} satisfies Prisma.DeviceInclude;

type Row = Prisma.DeviceGetPayload<{ include: typeof fleetInclude }>;

/** The fleet page's data: every device with its state, current job and temperature, then the filters. */
export async function loadFleet(
  prisma: Db["prisma"],
  filter: FleetFilter,
  now: Date = new Date(),
): Promise<Fleet> {
  const [rows, telemetry] = await Promise.all([
    prisma.device.findMany({ orderBy: [{ deviceClassId: "asc" }, { name: "asc" }], include: fleetInclude }),
    latestTelemetry(prisma),
  ]);
  const all = rows.map((row) => ({ row, device: toFleetDevice(row, telemetry.get(row.id), now) }));
  const counts = new Map<string, ClassCount>();
  for (const { row, device } of all) {
    const id = row.deviceClassId ?? "unclassified";
    const count = counts.get(id) ?? {
      deviceClassId: id,
      name: row.deviceClass?.name ?? id,
      total: 0,
      online: 0,
    };
    count.total += 1;
    if (device.state === "online") count.online += 1;
    counts.set(id, count);
  }
  const devices = all
    .map(({ device }) => device)
    .filter(
      (d) =>
        (filter.class === undefined || (d.deviceClassId ?? "unclassified") === filter.class) &&
        (filter.tag === undefined || d.tags.includes(filter.tag)) &&
        (filter.status === undefined || d.state === filter.status),
    );
  return {
    devices,
    counts: [...counts.values()],
    tags: [...new Set(all.flatMap(({ device }) => device.tags))].sort(),
    pending: all.filter(({ device }) => device.state === "pending").length,
    total: all.length,
  };
}

function toFleetDevice(row: Row, t: LatestTelemetry | undefined, now: Date): FleetDevice {
  const job = row.jobs[0];
  return {
    id: row.id,
    name: row.name,
    state: deviceState(row, now),
    deviceClassId: row.deviceClassId,
    agentVersion: row.agentVersion,
    lastSeenAt: row.lastSeenAt,
    tags: row.tags.map((t) => t.tag),
    job: job
      ? {
          id: job.id,
          modelId: job.modelId,
          modelVersion: job.modelVersion,
          status: job.status,
          campaignId: job.campaignId,
          progress:
            job.progressPhase !== null && job.progressDone !== null && job.progressTotal !== null
              ? {
                  phase: job.progressPhase,
                  done: job.progressDone,
                  total: job.progressTotal,
                  at: job.progressAt ?? now,
                }
              : null,
        }
      : null,
    temperature: t ? { avgC: t.tempAvgC, maxC: t.tempMaxC, at: t.bucketStart } : null,
  };
}
