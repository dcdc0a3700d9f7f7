import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "../generated/prisma/client.ts";
import { resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { leaderboard, leaderboardSql } from "./leaderboard.ts";
import { upsertResult } from "./upsert-result.ts";

// Many runs with deliberate ties (DSC, per-case time and creation time drawn from a few values), runs
// missing a number, INVALID runs and other slices, ranked by the query and by a plain JavaScript
// reference of the documented rule.
let db: Awaited<ReturnType<typeof tempDb>>;
const slice = { suiteSha256: SUITE_SHA, deviceClassId: "raspberry-pi-4" };

interface Run {
  id: string;
  modelId: string;
  modelVersion: string;
  verdict: "VALID" | "INVALID";
  meanDice: number | null;
  perCaseMeanMs: number | null;
  createdAt: string;
  deviceClassId: string;
}
const runs: Run[] = [];

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "pi", "raspberry-pi-4");
  await seedDevice(db, "jetson", "jetson-nano");
  let state = 7;
  const pick = <T>(items: T[]): T => {
    state = (state * 1103515245 + 12345) % 2 ** 31; // glibc's LCG; its low bits cycle, use the high ones
    return items[(state >>> 16) % items.length]!;
  };
  for (let i = 0; i < 240; i++) {
    const run = {
      modelId: pick(["unet", "sam", "tiny", "big"]),
      modelVersion: pick(["1.0.0", "1.0.0", "2.0.0"]),
      verdict: pick<Run["verdict"]>(["VALID", "VALID", "VALID", "INVALID"]),
      dice: pick([0.8, 0.85, 0.9]),
      perCaseMeanMs: pick([1000, 1200]),
      createdAt: pick(["2026-11-20T10:00:00.000Z", "2026-11-21T10:00:00.000Z"]),
      deviceClassId: pick(["raspberry-pi-4", "raspberry-pi-4", "raspberry-pi-4", "jetson-nano"]),
      missing: pick(["none", "none", "none", "none", "none", "dice", "time"]),
    };
    const doc = resultDocument({ ...run, organDice: { liver: run.dice } });
    await upsertResult(db, doc, {
      deviceId: run.deviceClassId === "raspberry-pi-4" ? "pi" : "jetson",
      deviceClassId: run.deviceClassId,
    });
    if (run.missing !== "none") {
      await db.prisma.result.update({
        where: { id: doc.resultId },
        data: run.missing === "dice" ? { meanDice: null } : { perCaseMeanMs: null },
      });
    }
    runs.push({
      id: doc.resultId,
      modelId: run.modelId,
      modelVersion: run.modelVersion,
      verdict: run.verdict,
      meanDice: run.missing === "dice" ? null : run.dice,
      perCaseMeanMs: run.missing === "time" ? null : run.perCaseMeanMs,
      createdAt: run.createdAt,
      deviceClassId: run.deviceClassId,
    });
  }
}, 60_000);
afterAll(() => db.dispose());

const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The documented rule, written out: best VALID rankable run per model, then models best first. */
function reference() {
  const rankable = runs.filter(
    (r) =>
      r.deviceClassId === slice.deviceClassId &&
      r.verdict === "VALID" &&
      r.meanDice !== null &&
      r.perCaseMeanMs !== null,
  );
  const byModel = new Map<string, Run[]>();
  for (const r of rankable) {
    const key = `${r.modelId}@${r.modelVersion}`;
    byModel.set(key, [...(byModel.get(key) ?? []), r]);
  }
  const best = [...byModel.values()].map((list) => {
    const sorted = [...list].sort(
      (a, b) =>
        b.meanDice! - a.meanDice! ||
        a.perCaseMeanMs! - b.perCaseMeanMs! ||
        byCodeUnits(a.createdAt, b.createdAt) ||
        byCodeUnits(a.id, b.id),
    );
    return { run: sorted[0]!, validRuns: list.length };
  });
  best.sort(
    (a, b) =>
      b.run.meanDice! - a.run.meanDice! ||
      a.run.perCaseMeanMs! - b.run.perCaseMeanMs! ||
      byCodeUnits(a.run.modelId, b.run.modelId) ||
      byCodeUnits(a.run.modelVersion, b.run.modelVersion),
  );
  return best.map((b) => [b.run.modelId, b.run.modelVersion, b.run.id, b.validRuns]);
}

describe("leaderboard against a reference ranking", () => {
  it("picks the same run per model and the same order, ties and missing numbers included", async () => {
    const expected = reference();
    expect(expected).toHaveLength(8); // every model and version has rankable runs here
    const board = await leaderboard(db, slice);
    expect(board.map((e) => [e.modelId, e.modelVersion, e.resultId, e.validRuns])).toEqual(expected);
  });

  it("seeks each model's first index entry in ranking order instead of sorting the slice", async () => {
    const plan = await db.prisma.$queryRaw<{ detail: string }[]>(
      Prisma.sql`EXPLAIN QUERY PLAN ${leaderboardSql(slice)}`,
    );
    const details = plan.map((p) => p.detail);
    // The per-model pick: all five leading index columns fixed, read in index order (no temp B-tree
    // but the final one over the winners).
    expect(details).toContainEqual(
      expect.stringMatching(
        /SEARCH b USING COVERING INDEX Result_leaderboard_idx \(suiteSha256=\? AND deviceClassId=\? AND verdict=\? AND modelId=\? AND modelVersion=\?/,
      ),
    );
    expect(details.filter((d) => d.includes("TEMP B-TREE"))).toEqual(["USE TEMP B-TREE FOR ORDER BY"]);
  });
});
