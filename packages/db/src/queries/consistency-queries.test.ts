import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDispatched } from "../testing/dispatch.ts";
import { type DocSpec, OTHER_SUITE_SHA, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { deviceConsistency } from "./device-consistency.ts";
import { modelConsistency } from "./model-consistency.ts";

let db: Awaited<ReturnType<typeof tempDb>>;

const PI = "raspberry-pi-4";
const JETSON = "jetson-nano";

async function put(deviceId: string, deviceClassId: string, liver: number, spec: DocSpec = {}) {
  await storeDispatched(db, resultDocument({ modelId: "unet", organDice: { liver }, ...spec }), {
    deviceId,
    deviceClassId,
  });
}

beforeAll(async () => {
  db = await tempDb();
  for (const id of ["pi-1", "pi-2", "pi-3", "pi-4"]) await seedDevice(db, id, PI);
  await seedDevice(db, "jetson-1", JETSON);
  // unet@1.0.0 on the Pi class: pi-1 and pi-2 at 0.85, pi-3 within 1e-3 (0.8504), pi-4 on WASM off by
  // 0.045 (median of 0.80 and 0.81). An INVALID run of pi-2 at 0.10 counts for nothing.
  await put("pi-1", PI, 0.85);
  await put("pi-2", PI, 0.85);
  await put("pi-2", PI, 0.1, { verdict: "INVALID" });
  await put("pi-3", PI, 0.8504);
  await put("pi-4", PI, 0.8, { backend: "wasm" });
  await put("pi-4", PI, 0.81, { backend: "wasm" });
  // One Jetson: nothing to compare with. Another suite and another version on pi-1 alone.
  await put("jetson-1", JETSON, 0.6);
  await put("pi-1", PI, 0.5, { suiteSha256: OTHER_SUITE_SHA });
  await put("pi-1", PI, 0.4, { modelVersion: "2.0.0" });
});
afterAll(() => db.dispose());

describe("modelConsistency", () => {
  it("flags, per suite and class, the device whose DSC differs from the class median, with the numbers", async () => {
    const slices = await modelConsistency(db, "unet", "1.0.0");
    expect(slices.map((s) => [s.suiteSha256, s.deviceClassId, s.devices, s.reporting])).toEqual([
      [SUITE_SHA, JETSON, 1, 1],
      [SUITE_SHA, PI, 4, 4],
      [OTHER_SUITE_SHA, PI, 1, 1],
    ]);
    const pi = slices[1]!;
    // Median of 0.805, 0.85, 0.85, 0.8504: the mean of the middle two.
    expect(pi.classMedianDice).toBeCloseTo(0.85, 12);
    expect(pi.tolerance).toBe(1e-3);
    expect(pi.flags).toHaveLength(1);
    expect(pi.flags[0]).toMatchObject({ deviceId: "pi-4", backends: ["wasm"] });
    expect(pi.flags[0]!.meanDice).toBeCloseTo(0.805, 12);
    expect(pi.flags[0]!.difference).toBeCloseTo(-0.045, 12);
    expect(pi.flags[0]!.message).toContain("−0.0450 from the class median 0.8500");
    // A single device is never flagged: there is nothing to compare it with.
    expect(slices[0]!.flags).toEqual([]);
    expect(slices[0]!.classMedianDice).toBeCloseTo(0.6, 12);
  });

  it("reads only the version asked for, and flags nothing under a looser tolerance", async () => {
    const v2 = await modelConsistency(db, "unet", "2.0.0");
    expect(v2.map((s) => [s.deviceClassId, s.devices, s.flags.length])).toEqual([[PI, 1, 0]]);
    expect(v2[0]!.classMedianDice).toBeCloseTo(0.4, 12);
    const loose = await modelConsistency(db, "unet", "1.0.0", 0.05);
    expect(loose.flatMap((s) => s.flags)).toEqual([]);
    expect(await modelConsistency(db, "nobody", "1.0.0")).toEqual([]);
  });
});

describe("deviceConsistency", () => {
  it("marks the diverging device's model as differing, with its flag", async () => {
    const rows = await deviceConsistency(db, "pi-4");
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({
      suiteSha256: SUITE_SHA,
      deviceClassId: PI,
      modelId: "unet",
      modelVersion: "1.0.0",
      backends: ["wasm"],
      runs: 2,
      classDevices: 4,
      status: "differs",
    });
    expect(row.meanDice).toBeCloseTo(0.805, 12);
    expect(row.classMedianDice).toBeCloseTo(0.85, 12);
    expect(row.difference).toBeCloseTo(-0.045, 12);
    expect(row.flag?.deviceId).toBe("pi-4");
  });

  it("says a device within the tolerance agrees, and one alone in its class has nothing to compare", async () => {
    const [pi3] = await deviceConsistency(db, "pi-3");
    expect(pi3).toMatchObject({ status: "agrees", flag: null, classDevices: 4, runs: 1 });
    expect(pi3!.difference).toBeCloseTo(0.0004, 12);
    // pi-2's INVALID run does not move its figure.
    const [pi2] = await deviceConsistency(db, "pi-2");
    expect(pi2).toMatchObject({ status: "agrees", runs: 1, meanDice: 0.85 });
    const pi1 = await deviceConsistency(db, "pi-1");
    expect(pi1.map((r) => [r.suiteSha256, r.modelVersion, r.status])).toEqual([
      [SUITE_SHA, "1.0.0", "agrees"],
      [SUITE_SHA, "2.0.0", "alone"],
      [OTHER_SUITE_SHA, "1.0.0", "alone"],
    ]);
    const [jetson] = await deviceConsistency(db, "jetson-1");
    expect(jetson).toMatchObject({ status: "alone", classDevices: 1, difference: 0 });
    expect(await deviceConsistency(db, "unknown-device")).toEqual([]);
  });
});
