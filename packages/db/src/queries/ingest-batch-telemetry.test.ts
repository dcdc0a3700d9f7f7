import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { upsertTelemetryBuckets } from "./ingest-batch-telemetry.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
  db = await tempDb();
  await seedDevice(db, "dev-1");
  await seedDevice(db, "dev-2");
});
afterEach(() => db.dispose());

const at = new Date("2026-12-03T10:00:00.000Z");
const bucket = (deviceId: string, samples: number, cpuAvg: number | null) => ({
  deviceId,
  bucketStart: at,
  bucketSeconds: 60,
  samples,
  cpuAvg,
  cpuMax: cpuAvg,
  memAvgMb: 300,
  memMaxMb: 310,
  tempAvgC: null,
  tempMaxC: null,
});

describe("upsertTelemetryBuckets", () => {
  it("inserts new buckets and replaces the figures of existing ones, in one call", async () => {
    await upsertTelemetryBuckets(db, [bucket("dev-1", 3, 12.5)]);
    await upsertTelemetryBuckets(db, [bucket("dev-1", 7, 20), bucket("dev-2", 1, null)]);
    const rows = await db.prisma.telemetry.findMany({ orderBy: { deviceId: "asc" } });
    expect(rows).toEqual([bucket("dev-1", 7, 20), bucket("dev-2", 1, null)]);
  });
});
