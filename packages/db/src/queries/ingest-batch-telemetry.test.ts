import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { addTelemetryBuckets, type TelemetryBucketRow } from "./ingest-batch-telemetry.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
  db = await tempDb();
  await seedDevice(db, "dev-1");
  await seedDevice(db, "dev-2");
});
afterEach(() => db.dispose());

const at = new Date("2026-12-03T10:00:00.000Z");
const bucket = (deviceId: string, over: Partial<TelemetryBucketRow> = {}): TelemetryBucketRow => ({
  deviceId,
  bucketStart: at,
  bucketSeconds: 60,
  samples: 1,
  cpuAvg: 10,
  cpuMax: 10,
  memAvgMb: 300,
  memMaxMb: 300,
  tempAvgC: null,
  tempMaxC: null,
  tempSamples: 0,
  ...over,
});

describe("addTelemetryBuckets", () => {
  it("inserts new buckets and adds to stored ones: counts summed, averages weighted by their counts, maxima kept", async () => {
    // Two hubs' parts of dev-1's bucket: 3 samples (one with a temperature), then 1 (with one).
    await addTelemetryBuckets(db, [
      bucket("dev-1", {
        samples: 3,
        cpuAvg: 20,
        cpuMax: 40,
        memAvgMb: 300,
        memMaxMb: 320,
        tempAvgC: 50,
        tempMaxC: 50,
        tempSamples: 1,
      }),
    ]);
    await addTelemetryBuckets(db, [
      bucket("dev-1", {
        samples: 1,
        cpuAvg: 60,
        cpuMax: 60,
        memAvgMb: 700,
        memMaxMb: 700,
        tempAvgC: 70,
        tempMaxC: 70,
        tempSamples: 1,
      }),
      bucket("dev-2"),
    ]);
    // A part without temperatures leaves the stored temperature as it was.
    await addTelemetryBuckets(db, [
      bucket("dev-1", { samples: 4, cpuAvg: 5, cpuMax: 5, memAvgMb: 400, memMaxMb: 400 }),
    ]);
    const rows = await db.prisma.telemetry.findMany({ orderBy: { deviceId: "asc" } });
    expect(rows).toEqual([
      bucket("dev-1", {
        samples: 8,
        cpuAvg: (3 * 20 + 60 + 4 * 5) / 8,
        cpuMax: 60,
        memAvgMb: (3 * 300 + 700 + 4 * 400) / 8,
        memMaxMb: 700,
        tempAvgC: 60,
        tempMaxC: 70,
        tempSamples: 2,
      }),
      bucket("dev-2"),
    ]);
  });
});
