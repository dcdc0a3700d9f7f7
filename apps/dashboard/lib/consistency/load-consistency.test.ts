import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedClass, seedDevice } from "../testing/seed.ts";
import { SUITE, seedResult, seedSuite } from "../testing/seed-results.ts";
import { loadDeviceConsistency, loadModelConsistency } from "./load-consistency.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const PI = "raspberry-pi-4";

beforeAll(async () => {
  db = await tempDb();
  const p = db.prisma;
  await seedClass(p, PI, "Raspberry Pi 4");
  for (const id of ["pi-a", "pi-b", "pi-c"]) await seedDevice(p, id, { deviceClassId: PI });
  await seedSuite(p);
  // pi-a and pi-b agree to 2e-4; pi-c's WASM build is 0.03 below: a runtime divergence.
  await seedResult(p, { deviceId: "pi-a", deviceClassId: PI, modelId: "unet", meanDice: 0.9 });
  await seedResult(p, { deviceId: "pi-b", deviceClassId: PI, modelId: "unet", meanDice: 0.9002 });
  await seedResult(p, {
    deviceId: "pi-c",
    deviceClassId: PI,
    modelId: "unet",
    meanDice: 0.87,
    backend: "wasm",
  });
});
afterAll(() => db.dispose());

describe("the model card's accuracy across devices", () => {
  it("lists the diverging device with its numbers under the class's and suite's names", async () => {
    const rows = await loadModelConsistency(db, "unet", "1.0.0");
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    expect(row).toMatchObject({ suite: "standard@1", className: "Raspberry Pi 4", reporting: 3 });
    expect(row.classMedianDice).toBeCloseTo(0.9, 12);
    expect(row.flags.map((f) => [f.deviceId, f.backends])).toEqual([["pi-c", ["wasm"]]]);
    expect(row.flags[0]!.difference).toBeCloseTo(-0.03, 12);
    expect(row.suiteSha256).toBe(SUITE);
  });
});

describe("the device page's accuracy against its class", () => {
  it("flags the diverging device and not the ones that agree", async () => {
    const [c] = await loadDeviceConsistency(db, "pi-c");
    expect(c).toMatchObject({ status: "differs", suite: "standard@1", backends: ["wasm"], classDevices: 3 });
    expect(c!.flag?.message).toContain("pi-c");
    const [b] = await loadDeviceConsistency(db, "pi-b");
    expect(b).toMatchObject({ status: "agrees", flag: null });
    expect(b!.difference).toBeCloseTo(0.0002, 12);
    const [a] = await loadDeviceConsistency(db, "pi-a");
    expect(a).toMatchObject({ status: "agrees", flag: null, difference: 0 });
  });
});
