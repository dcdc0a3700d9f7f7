import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice } from "../testing/seed.ts";
import { SUITE, seedResult, seedSuite } from "../testing/seed-results.ts";
import { loadComparison } from "./load-comparison.ts";
import { clearSliceCounts } from "./slice-cache.ts";

let db: Awaited<ReturnType<typeof tempDb>>;

beforeAll(async () => {
  clearSliceCounts();
  db = await tempDb();
  const p = db.prisma;
  await seedDevice(p, "pi", { deviceClassId: "raspberry-pi-4" }); // budgets: 1536 MB, 300 s
  await seedDevice(p, "jetson", { deviceClassId: "jetson-nano" });
  await seedSuite(p);
  // unet: 2 s per case on the Pi, 0.5 s on the Jetson; sam: over the Pi's 300 s budget, only on the Pi.
  await seedResult(p, {
    deviceId: "pi",
    deviceClassId: "raspberry-pi-4",
    modelId: "unet",
    perCaseMeanMs: 2000,
  });
  await seedResult(p, {
    deviceId: "jetson",
    deviceClassId: "jetson-nano",
    modelId: "unet",
    perCaseMeanMs: 500,
  });
  await seedResult(p, {
    deviceId: "pi",
    deviceClassId: "raspberry-pi-4",
    modelId: "sam",
    perCaseMeanMs: 400_000,
  });
});
afterAll(() => db.dispose());

describe("loadComparison", () => {
  it("compares every class with results on the busiest suite by default", async () => {
    const page = await loadComparison(db, { classes: [] });
    expect(page.suite?.label).toBe("standard@1");
    expect(page.classes.map((c) => c.id)).toEqual(["jetson-nano", "raspberry-pi-4"]);
    const rows = page.comparison?.models.map((m) => [
      m.model.id,
      m.fastestClassId,
      m.byClass["jetson-nano"]?.relativeSpeed ?? null,
      m.byClass["raspberry-pi-4"]?.relativeSpeed ?? null,
      m.byClass["raspberry-pi-4"]?.withinBudget ?? null,
    ]);
    expect(rows).toEqual([
      ["sam", "raspberry-pi-4", null, 1, false],
      ["unet", "jetson-nano", 1, 0.25, true],
    ]);
  });

  it("keeps the classes in the order asked for and reports unknown ones", async () => {
    const page = await loadComparison(db, {
      suite: SUITE,
      classes: ["raspberry-pi-4", "nope", "jetson-nano"],
    });
    expect(page.classes.map((c) => c.id)).toEqual(["raspberry-pi-4", "jetson-nano"]);
    expect(page.unknownClasses).toEqual(["nope"]);
    expect(page.comparison?.classIds).toEqual(["raspberry-pi-4", "jetson-nano"]);
  });
});
