import type { Db, Prisma } from "@edgeseg/db";
import { deviceInfoSchema } from "@edgeseg/protocol";
import { type DeviceState, deviceState } from "../fleet/state.ts";

const HISTORY = 50;
/** Telemetry window for the charts: a day of 5-minute buckets is 288 points per series. */
export const TELEMETRY_WINDOW_MS = 24 * 3_600_000;

const deviceInclude = {
  deviceClass: true,
  tags: { select: { tag: true }, orderBy: { tag: "asc" } },
} satisfies Prisma.DeviceInclude;

export type DeviceDetail = NonNullable<Awaited<ReturnType<typeof loadDevice>>>;

/** Everything the device page shows, or null for an unknown id. */
export async function loadDevice(prisma: Db["prisma"], id: string, now: Date = new Date()) {
  const device = await prisma.device.findUnique({ where: { id }, include: deviceInclude });
  if (!device) return null;
  const [telemetry, results, jobs] = await Promise.all([
    prisma.telemetry.findMany({
      where: { deviceId: id, bucketStart: { gte: new Date(now.getTime() - TELEMETRY_WINDOW_MS) } },
      orderBy: { bucketStart: "asc" },
    }),
    prisma.result.findMany({
      where: { deviceId: id },
      orderBy: { createdAt: "desc" },
      take: HISTORY,
      // Never the document: it holds every per-case metric and can be large.
      select: {
        id: true,
        modelId: true,
        modelVersion: true,
        suiteSha256: true,
        status: true,
        verdict: true,
        meanDice: true,
        meanNsd: true,
        perCaseMeanMs: true,
        peakRssMb: true,
        throttled: true,
        createdAt: true,
        jobId: true,
        signature: true,
      },
    }),
    prisma.job.findMany({
      where: { deviceId: id },
      orderBy: { createdAt: "desc" },
      take: HISTORY,
      include: { campaign: { select: { id: true, name: true } } },
    }),
  ]);
  const suiteShas = [...new Set(results.flatMap((r) => (r.suiteSha256 ? [r.suiteSha256] : [])))];
  const suites = await prisma.suite.findMany({
    where: { sha256: { in: suiteShas } },
    select: { sha256: true, id: true, version: true },
  });
  const suiteName = new Map(suites.map((s) => [s.sha256, `${s.id}@${s.version}`]));
  // The stored DeviceInfo is the agent's; parse it rather than trust its shape.
  const info = deviceInfoSchema.safeParse(device.deviceInfo);
  return {
    device,
    state: deviceState(device, now) as DeviceState,
    tags: device.tags.map((t) => t.tag),
    info: info.success ? info.data : null,
    telemetry,
    results: results.map(({ signature, ...r }) => ({
      ...r,
      // The hub stores a signature only after verifying it (docs/security.md).
      verified: signature !== null,
      suite: r.suiteSha256 ? (suiteName.get(r.suiteSha256) ?? `${r.suiteSha256.slice(0, 12)}…`) : "local run",
    })),
    jobs,
  };
}
