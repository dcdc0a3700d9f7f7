import { describe, expect, it } from "vitest";
import { rankModels } from "./rank.ts";
import { RANKING_RULES } from "./rules.ts";
import { testPolicy } from "./testing/policy.ts";
import { makeSummary } from "./testing/summary.ts";

// Class: 1024 MB, 300 s; default weights 0.6 / 0.2 / 0.15 / 0.05; penalty 0.5; thresholds DSC/NSD ≥ 0.8.
const policy = testPolicy();
// Accuracy alone decides the score, so equal scores with different times and memory can be built.
const accuracyOnly = testPolicy({ weights: { accuracy: 1, speed: 0, memory: 0, fineTuning: 0 } });
const ids = (r: ReturnType<typeof rankModels>) => r.ranked.map((e) => e.summary.model.id);
const ranks = (r: ReturnType<typeof rankModels>) => r.ranked.map((e) => e.rank);

describe("rankModels", () => {
  it("ranks a model that fails memory below a passing one, even with the best accuracy and no penalty", () => {
    // heavy: A = 0.99, S = 1 − 60/300 = 0.8, M = max(0, 1 − 2048/1024) = 0 → 0.594 + 0.16 + 0 = 0.754
    // fits:  A = 0.85, S = 0.8, M = 1 − 512/1024 = 0.5          → 0.51 + 0.16 + 0.075 = 0.745
    const heavy = makeSummary("heavy", { meanDice: 0.99, meanNsd: 0.99, peakRssMb: 2048 });
    const fits = makeSummary("fits", { meanDice: 0.85, meanNsd: 0.85 });
    const result = rankModels([heavy, fits], testPolicy({ failPenalty: 1 }));
    expect(ids(result)).toEqual(["fits", "heavy"]);
    expect(ranks(result)).toEqual([1, 2]);
    expect(result.ranked[1]?.score).toBeCloseTo(0.754, 12);
    expect(result.ranked[0]?.score).toBeCloseTo(0.745, 12);
    expect(result.ranked[1]?.hardFailures).toEqual(["resources"]);
    expect(result.ranked[1]?.constraints.resources.value).toBe("2048 MB of 1024 MB; no throttling");
  });

  it("orders by score within the passing group", () => {
    // fast: S = 1 − 30/300 = 0.9 → 0.51 + 0.18 + 0.075 = 0.765; slow: S = 1 − 240/300 = 0.2 → 0.51 + 0.04 + 0.075 = 0.625
    const fast = makeSummary("fast", { meanDice: 0.85, meanNsd: 0.85, perCaseMeanMs: 30_000 });
    const slow = makeSummary("slow", { meanDice: 0.85, meanNsd: 0.85, perCaseMeanMs: 240_000 });
    const result = rankModels([slow, fast], policy);
    expect(ids(result)).toEqual(["fast", "slow"]);
    expect(result.ranked.map((e) => e.score?.toFixed(3))).toEqual(["0.765", "0.625"]);
  });

  it("gives fully equal models the same rank and skips the next (1, 1, 3), ordered by id", () => {
    const twinB = makeSummary("twin-b");
    const twinA = makeSummary("twin-a");
    const worse = makeSummary("worse", { meanDice: 0.82 });
    const result = rankModels([worse, twinB, twinA], policy);
    expect(ids(result)).toEqual(["twin-a", "twin-b", "worse"]);
    expect(ranks(result)).toEqual([1, 1, 3]);
  });

  it("breaks equal scores by per-case time, then peak memory, then id", () => {
    // Every model scores 0.85 (accuracy only). Sorted: 60 s/600 MB (x2, tied), 60 s/700 MB, 90 s/512 MB.
    const result = rankModels(
      [
        makeSummary("p", { meanDice: 0.85, meanNsd: 0.85, perCaseMeanMs: 90_000, peakRssMb: 512 }),
        makeSummary("q", { meanDice: 0.85, meanNsd: 0.85, perCaseMeanMs: 60_000, peakRssMb: 700 }),
        makeSummary("s", { meanDice: 0.85, meanNsd: 0.85, perCaseMeanMs: 60_000, peakRssMb: 600 }),
        makeSummary("r", { meanDice: 0.85, meanNsd: 0.85, perCaseMeanMs: 60_000, peakRssMb: 600 }),
      ],
      accuracyOnly,
    );
    expect(ids(result)).toEqual(["r", "s", "q", "p"]);
    expect(ranks(result)).toEqual([1, 1, 3, 4]);
  });

  it("does not split a tie over floating-point noise", () => {
    // (0.3 + 0.6) / 2 = 0.44999999999999996 in binary floating point; (0.45 + 0.45) / 2 = 0.45.
    const loose = testPolicy({ ...accuracyOnly, diceThreshold: 0, nsdThreshold: 0, organThresholds: {} });
    const result = rankModels(
      [
        makeSummary("y", { meanDice: 0.45, meanNsd: 0.45 }),
        makeSummary("x", { meanDice: 0.3, meanNsd: 0.6 }),
      ],
      loose,
    );
    expect(result.ranked[0]?.score).not.toBe(result.ranked[1]?.score);
    expect(ids(result)).toEqual(["x", "y"]);
    expect(ranks(result)).toEqual([1, 1]);
  });

  it("excludes INVALID and failed runs with the reason, however good their numbers", () => {
    const invalid = makeSummary("invalid", {
      meanDice: 0.99,
      meanNsd: 0.99,
      verdict: "INVALID",
      verdictReasons: ["SingleStream: 12 queries, fewer than the minimum 200"],
    });
    const crashed = makeSummary("crashed", { status: "failed", verdict: "INVALID", verdictReasons: [] });
    const failedValid = makeSummary("failed-valid", { status: "failed" });
    const ok = makeSummary("ok");
    const result = rankModels([invalid, crashed, failedValid, ok], policy);
    expect(ids(result)).toEqual(["ok"]);
    expect(result.excluded).toEqual([
      {
        model: { id: "invalid", version: "1.0.0" },
        resultId: "result-invalid",
        reason:
          "INVALID result: SingleStream: 12 queries, fewer than the minimum 200. Only VALID results are ranked.",
      },
      {
        model: { id: "crashed", version: "1.0.0" },
        resultId: "result-crashed",
        reason: "INVALID result: no reason recorded. Only VALID results are ranked.",
      },
      {
        model: { id: "failed-valid", version: "1.0.0" },
        resultId: "result-failed-valid",
        reason: "The run failed. Only succeeded VALID runs are ranked.",
      },
    ]);
  });

  it("keeps one entry per model version: the best-ranked result", () => {
    const better = makeSummary("m", { resultId: "r-better", meanDice: 0.95 });
    const worse = makeSummary("m", { resultId: "r-worse", meanDice: 0.85 });
    const otherVersion = makeSummary("m", { resultId: "r-v2", meanDice: 0.5, model: { version: "2.0.0" } });
    const result = rankModels([worse, otherVersion, better], policy);
    expect(result.ranked.map((e) => e.summary.resultId)).toEqual(["r-better", "r-v2"]);
    expect(result.excluded).toEqual([
      {
        model: { id: "m", version: "1.0.0" },
        resultId: "r-worse",
        reason: "Another result of m@1.0.0 (result r-better) ranks higher.",
      },
    ]);
  });

  it("ranks a model with missing numbers without crashing: unknown constraints, no score, after scored models", () => {
    const blank = makeSummary("blank", {
      meanDice: null,
      meanNsd: null,
      perOrgan: null,
      perCaseMeanMs: null,
      p50Ms: null,
      p90Ms: null,
      p99Ms: null,
      peakRssMb: null,
      throttled: null,
      executedOnDevice: null,
      model: { fineTuning: null, family: null },
    });
    const scored = makeSummary("scored", { meanDice: 0.85, meanNsd: 0.85 });
    const result = rankModels([blank, scored], policy);
    expect(ids(result)).toEqual(["scored", "blank"]);
    expect(ranks(result)).toEqual([1, 2]);
    const entry = result.ranked[1];
    expect(entry?.score).toBeNull();
    expect(entry?.hardFailures).toEqual([]);
    expect(Object.values(entry?.constraints ?? {}).map((c) => c.status)).toEqual([
      "unknown",
      "unknown",
      "unknown",
      "unknown",
      "unknown",
    ]);
  });

  it("does not demote a model for an unknown hard constraint", () => {
    // noFlags scores 0.765 (30 s), steady 0.745 (60 s); throttling unknown on noFlags is not a failure.
    const noFlags = makeSummary("no-flags", {
      meanDice: 0.85,
      meanNsd: 0.85,
      perCaseMeanMs: 30_000,
      throttled: null,
      peakRssMb: null,
    });
    const steady = makeSummary("steady", { meanDice: 0.85, meanNsd: 0.85, peakRssMb: null });
    const result = rankModels([steady, noFlags], policy);
    expect(ids(result)).toEqual(["no-flags", "steady"]);
    expect(result.ranked[0]?.constraints.resources.status).toBe("unknown");
  });

  it("puts a model with nothing known ahead of one that fails a hard constraint", () => {
    const blank = makeSummary("blank", { meanDice: null, perCaseMeanMs: null, peakRssMb: null });
    const slow = makeSummary("slow", { perCaseMeanMs: 400_000 });
    expect(ids(rankModels([slow, blank], policy))).toEqual(["blank", "slow"]);
  });

  it("gives the same order whatever the input order", () => {
    const summaries = ["e", "d", "c", "b", "a"].map((id, i) =>
      makeSummary(id, { meanDice: 0.8 + (i % 3) * 0.05, perCaseMeanMs: 30_000 * (1 + (i % 2)) }),
    );
    const forward = ids(rankModels(summaries, policy));
    expect(ids(rankModels([...summaries].reverse(), policy))).toEqual(forward);
    expect(
      ids(rankModels([summaries[2]!, summaries[0]!, summaries[4]!, summaries[1]!, summaries[3]!], policy)),
    ).toEqual(forward);
  });

  it("returns the formula and the rules for the page, and handles an empty list", () => {
    const result = rankModels([], policy);
    expect(result).toMatchObject({ ranked: [], excluded: [], rules: RANKING_RULES });
    expect(result.formula).toMatch(/^score = \(0\.6 × accuracy/);
  });
});
