import type { ResultDocument } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resultDocument } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { leaderboard } from "./leaderboard.ts";
import { syntheticRuns } from "./synthetic-runs.ts";
import { upsertResult } from "./upsert-result.ts";

let db: Awaited<ReturnType<typeof tempDb>>;

/** A skeleton's result: weights synthetic, accuracy not measured. */
function synthetic(
  spec: Parameters<typeof resultDocument>[0],
  runtime: Partial<ResultDocument["runtime"]> = {},
) {
  const doc = resultDocument(spec);
  return {
    ...doc,
    model: { ...doc.model, weights: "synthetic" as const },
    runtime: { ...doc.runtime, ...runtime },
    accuracy: null,
  };
}

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi", "raspberry-pi-4");
  await seedDevice(db, "nano", "jetson-nano");
  const ctx = { deviceId: "pi", deviceClassId: "raspberry-pi-4" };
  await upsertResult(
    db,
    synthetic(
      { modelId: "medsam", perCaseMeanMs: 4600, peakRssMb: 900 },
      { memoryArena: true, intraOpThreads: 4 },
    ),
    ctx,
  );
  await upsertResult(
    db,
    synthetic(
      { modelId: "medsam", perCaseMeanMs: 5000, peakRssMb: 700 },
      { memoryArena: false, intraOpThreads: 2 },
    ),
    ctx,
  );
  // A trained model's run, and a trained run whose model is called "synthetic": neither is a skeleton's.
  await upsertResult(db, resultDocument({ modelId: "unet" }), ctx);
  await upsertResult(db, resultDocument({ modelId: "synthetic" }), ctx);
  await upsertResult(db, synthetic({ modelId: "medsam" }), {
    deviceId: "nano",
    deviceClassId: "jetson-nano",
  });
});
afterAll(() => db.dispose());

describe("syntheticRuns", () => {
  it("reads a class's skeleton runs with their timing and runtime settings, and nothing else", async () => {
    const runs = await syntheticRuns(db, "raspberry-pi-4");
    expect(
      runs.map((r) => [r.modelId, r.perCaseMeanMs, r.peakRssMb, r.threads, r.memoryArena]).sort(),
    ).toEqual([
      ["medsam", 4600, 900, 4, true],
      ["medsam", 5000, 700, 2, false],
    ]);
    expect(runs.every((r) => r.sessionCreateMs !== null && r.pipeline === "semantic-2d")).toBe(true);
    expect((await syntheticRuns(db)).length).toBe(3);
  });

  it("leaves them out of the leaderboard's fleet figures (no mean DSC: not ranked)", async () => {
    const rows = await db.prisma.result.findMany({ where: { modelId: "medsam" } });
    expect(rows.every((r) => r.meanDice === null)).toBe(true);
    const suite = rows[0]!.suiteSha256!;
    const fleet = await leaderboard(db, { suiteSha256: suite, deviceClassId: "raspberry-pi-4" });
    expect(fleet.map((e) => e.modelId)).not.toContain("medsam");
  });
});
