import type { Db, DeviceStatus, JobStatus } from "@edgeseg/db";

type Prisma = Db["prisma"];

/** Test fixtures written straight to the database: the minimum each row needs, overridable. */
export async function seedClass(prisma: Prisma, id: string, name = id): Promise<void> {
  await prisma.deviceClass.upsert({
    where: { id },
    update: {},
    create: { id, name, memoryBudgetMb: 1536, caseTimeBudgetS: 300, diceThreshold: 0.7, nsdThreshold: 0.6 },
  });
}

export async function seedDevice(
  prisma: Prisma,
  id: string,
  opts: {
    deviceClassId?: string;
    status?: DeviceStatus;
    online?: boolean;
    lastSeenAt?: Date | null;
    tags?: string[];
    agentVersion?: string;
  } = {},
): Promise<void> {
  const deviceClassId = opts.deviceClassId ?? "raspberry-pi-4";
  await seedClass(prisma, deviceClassId);
  await prisma.device.create({
    data: {
      id,
      name: id,
      secretHash: "unused",
      status: opts.status ?? "active",
      deviceClassId,
      online: opts.online ?? false,
      lastSeenAt: opts.lastSeenAt ?? null,
      agentVersion: opts.agentVersion ?? "0.1.0",
      tags: { create: (opts.tags ?? []).map((tag) => ({ tag })) },
    },
  });
}

/** A suite, a model and a campaign to hang jobs on. */
export async function seedCampaign(prisma: Prisma, id = "camp-1"): Promise<void> {
  await prisma.suite.upsert({
    where: { sha256: "s".repeat(64) },
    update: {},
    create: { sha256: "s".repeat(64), id: "standard", version: "1", definition: {} },
  });
  await prisma.model.upsert({
    where: { id_version: { id: "unet-tiny", version: "1.0.0" } },
    update: {},
    create: {
      id: "unet-tiny",
      version: "1.0.0",
      family: "unet",
      pipeline: "2d-slices",
      manifest: {},
      manifestSha256: "m".repeat(64),
      trained: true,
      license: "Apache-2.0",
      fineTuningSupported: false,
    },
  });
  await prisma.campaign.create({
    data: { id, name: id, suiteSha256: "s".repeat(64), status: "active", target: {} },
  });
}

export async function seedJob(
  prisma: Prisma,
  id: string,
  deviceId: string,
  opts: {
    status?: JobStatus;
    deliveredAt?: Date;
    progress?: { phase: string; done: number; total: number };
  } = {},
): Promise<void> {
  await prisma.job.create({
    data: {
      id,
      campaignId: "camp-1",
      deviceId,
      modelId: "unet-tiny",
      modelVersion: "1.0.0",
      status: opts.status ?? "queued",
      timeoutMs: 600_000,
      deliveredAt: opts.deliveredAt ?? null,
      progressPhase: opts.progress?.phase ?? null,
      progressDone: opts.progress?.done ?? null,
      progressTotal: opts.progress?.total ?? null,
      progressAt: opts.progress ? (opts.deliveredAt ?? new Date()) : null,
    },
  });
}

export async function seedTelemetry(
  prisma: Prisma,
  deviceId: string,
  bucketStart: Date,
  values: { cpu?: number; memMb?: number; tempC?: number | null } = {},
): Promise<void> {
  const temp = values.tempC === undefined ? 50 : values.tempC;
  await prisma.telemetry.create({
    data: {
      deviceId,
      bucketStart,
      bucketSeconds: 300,
      samples: 10,
      cpuAvg: values.cpu ?? 20,
      cpuMax: (values.cpu ?? 20) + 10,
      memAvgMb: values.memMb ?? 900,
      memMaxMb: (values.memMb ?? 900) + 100,
      tempAvgC: temp,
      tempMaxC: temp === null ? null : temp + 3,
    },
  });
}
