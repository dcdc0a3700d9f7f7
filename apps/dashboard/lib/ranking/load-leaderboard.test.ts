import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedClass, seedDevice } from "../testing/seed.ts";
import { SUITE, seedModel, seedResult, seedSuite } from "../testing/seed-results.ts";
import { loadLeaderboard } from "./load-leaderboard.ts";
import { policyUpdate } from "./policy.ts";
import { clearSliceCounts } from "./slice-cache.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const OTHER = "6".repeat(64);

beforeAll(async () => {
  db = await tempDb();
  const p = db.prisma;
  await seedDevice(p, "pi", { deviceClassId: "raspberry-pi-4" }); // class: 1536 MB, 300 s, 0.7 / 0.6
  await seedDevice(p, "jetson", { deviceClassId: "jetson-nano" });
  await seedSuite(p);
  await seedModel(p, "unet", { fineTuning: true });
  // Pi: sam is more accurate than unet by more than unet's fine-tuning bonus; tiny is only INVALID; Jetson: a single result; another, unregistered suite.
  // unet also fine-tuned on the Pi within budget (measured); sam did not (its constraint: not measured).
  await seedResult(p, {
    deviceId: "pi",
    deviceClassId: "raspberry-pi-4",
    modelId: "unet",
    meanDice: 0.9,
    fineTuning: {
      status: "succeeded",
      stepMs: 15,
      plateauMs: 600_000,
      peakRssMb: 350,
      diceBefore: 0.4,
      diceAfter: 0.8,
    },
  });
  await seedResult(p, {
    deviceId: "pi",
    deviceClassId: "raspberry-pi-4",
    modelId: "sam",
    meanDice: 0.99,
    meanNsd: 0.99,
  });
  await seedResult(p, {
    deviceId: "pi",
    deviceClassId: "raspberry-pi-4",
    modelId: "tiny",
    verdict: "INVALID",
    reasons: ["SingleStream: 12 queries, fewer than the minimum 100"],
  });
  await seedResult(p, { deviceId: "jetson", deviceClassId: "jetson-nano", modelId: "unet" });
  await seedResult(p, {
    deviceId: "pi",
    deviceClassId: "raspberry-pi-4",
    modelId: "unet",
    suiteSha256: OTHER,
  });
});
afterAll(() => db.dispose());
beforeEach(() => clearSliceCounts());

describe("loadLeaderboard", () => {
  it("shows the slice with the most results by default, with its pickers", async () => {
    const page = await loadLeaderboard(db, {});
    expect(page.chosen).toEqual({
      suite: { sha256: SUITE, label: "standard@1", registered: true },
      classId: "raspberry-pi-4",
      className: "raspberry-pi-4",
    });
    expect(page.options.suites.map((s) => s.label)).toEqual(["standard@1", `${OTHER.slice(0, 12)}…`]);
    expect(page.options.classes.map((c) => c.id)).toEqual(["jetson-nano", "raspberry-pi-4"]);
  });

  it("ranks with the class's stored policy and lists excluded models with reasons", async () => {
    const page = await loadLeaderboard(db, { suite: SUITE, class: "raspberry-pi-4" });
    expect(page.policy).toMatchObject({ memoryBudgetMb: 1536, caseTimeBudgetS: 300, diceThreshold: 0.7 });
    expect(page.view?.rows.map((r) => [r.rank, r.modelId])).toEqual([
      [1, "sam"],
      [2, "unet"],
    ]);
    expect(page.view?.rows[1]?.constraints.fineTuning.status).toBe("pass");
    expect(page.view?.rows[0]?.constraints.fineTuning.status).toBe("unknown");
    expect(page.view?.excluded.map((e) => [e.label, e.reason])).toEqual([
      [
        "tiny@1.0.0",
        expect.stringContaining("INVALID: SingleStream: 12 queries, fewer than the minimum 100"),
      ],
    ]);
  });

  it("re-ranks after an admin changes the policy", async () => {
    const row = await db.prisma.deviceClass.findUniqueOrThrow({ where: { id: "raspberry-pi-4" } });
    const before = await loadLeaderboard(db, { suite: SUITE, class: "raspberry-pi-4" });
    // Fine-tuning alone decides: unet (fine-tuned on the device) overtakes sam.
    await db.prisma.deviceClass.update({
      where: { id: row.id },
      data: policyUpdate({ ...before.policy!, weights: { accuracy: 0, speed: 0, memory: 0, fineTuning: 1 } }),
    });
    const after = await loadLeaderboard(db, { suite: SUITE, class: "raspberry-pi-4" });
    expect(after.customScoring).toBe(true);
    expect(after.view?.rows.map((r) => r.modelId)).toEqual(["unet", "sam"]);
    expect(after.view?.formula).toMatch(/^score = \(1 × fine-tuning\) × penalty/);
  });

  it("says nothing is there for a named slice without results, and for an empty database", async () => {
    const page = await loadLeaderboard(db, { suite: OTHER, class: "jetson-nano" });
    expect(page.view?.rows).toEqual([]);
    const empty = await tempDb();
    try {
      expect(await loadLeaderboard(empty, {})).toMatchObject({ chosen: null, view: null });
    } finally {
      await empty.dispose();
    }
  });

  it("has no ranking for a class the hub does not know", async () => {
    await seedClass(db.prisma, "ghost");
    const page = await loadLeaderboard(db, { suite: SUITE, class: "unknown-class" });
    expect(page).toMatchObject({ classRow: null, view: null });
  });
});
