import { seedDevice, tempDb } from "@edgeseg/db/testing";
import type { TelemetryMessage } from "@edgeseg/protocol";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createTelemetryStore } from "./telemetry.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeEach(async () => {
  db = await tempDb();
  await seedDevice(db, "pi-1");
});
afterEach(() => db.dispose());

const logger = pino({ level: "silent" });
const clock = { t: Date.parse("2026-12-03T10:00:05.000Z") };
const now = () => new Date(clock.t);
const beat = (cpuPercent: number, temperatureC: number | null): TelemetryMessage =>
  ({ cpuPercent, memoryUsedMb: 500, temperatureC }) as TelemetryMessage;
const store = () => createTelemetryStore({ db, logger, now }, { bucketSeconds: 60, flushMs: 3_600_000 });

describe("telemetry store", () => {
  it("two hubs holding parts of one device's bucket add up, whichever flushes first; a restarted hub continues the bucket", async () => {
    const [a, b] = [store(), store()];
    a.add("pi-1", beat(10, 40));
    b.add("pi-1", beat(20, null));
    a.add("pi-1", beat(30, 60));
    await b.flush();
    await a.flush();
    const c = store(); // a hub restarted within the same bucket
    c.add("pi-1", beat(40, null));
    await c.close();
    await a.close();
    await b.close();
    const rows = await db.prisma.telemetry.findMany();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      bucketStart: new Date("2026-12-03T10:00:00.000Z"),
      samples: 4,
      cpuAvg: 25,
      cpuMax: 40,
      tempAvgC: 50,
      tempMaxC: 60,
      tempSamples: 2,
    });
  });

  it("samples of a bucket that ended before the flush are written to that bucket, the next ones to their own", async () => {
    const a = store();
    a.add("pi-1", beat(10, null));
    clock.t += 60_000;
    a.add("pi-1", beat(30, null));
    a.add("pi-1", beat(50, null));
    await a.close();
    const rows = await db.prisma.telemetry.findMany({ orderBy: { bucketStart: "asc" } });
    expect(rows.map((r) => [r.samples, r.cpuAvg])).toEqual([
      [1, 10],
      [2, 40],
    ]);
  });

  it("a flush that fails keeps its samples for the next one", async () => {
    const a = store();
    a.add("pi-2", beat(10, null)); // no such device yet: the write fails on the foreign key
    await a.flush();
    expect(await db.prisma.telemetry.count()).toBe(0);
    await seedDevice(db, "pi-2");
    a.add("pi-2", beat(30, null));
    await a.close();
    expect(await db.prisma.telemetry.findMany()).toMatchObject([
      { deviceId: "pi-2", samples: 2, cpuAvg: 20 },
    ]);
  });
});
