import { describe, expect, it } from "vitest";
import { compositeFormula, compositeScore } from "./composite.ts";
import { evaluateConstraints } from "./constraints/index.ts";
import type { ClassPolicy } from "./policy.ts";
import type { ModelRunSummary } from "./summary.ts";
import { testPolicy } from "./testing/policy.ts";
import { makeSummary } from "./testing/summary.ts";

// Class: 1024 MB, 300 s per case; weights 0.6 accuracy, 0.2 speed, 0.15 memory, 0.05 fine-tuning;
// penalty 0.5 when a hard constraint (resources, accuracy, execution time, data locality) fails.
const policy = testPolicy();
/** Fine-tuning measured on the device: 300 MB of 1024, plateau at 10 min of 8 h, DSC 0.41 → 0.83. */
const tuned = {
  status: "succeeded" as const,
  failure: null,
  stepMs: 12,
  plateauMs: 600_000,
  peakRssMb: 300,
  diceBefore: 0.41,
  diceAfter: 0.83,
};
const score = (summary: ModelRunSummary, p: ClassPolicy = policy) =>
  compositeScore(summary, evaluateConstraints(summary, p), p);

describe("compositeScore", () => {
  it("matches the hand-worked example", () => {
    // DSC 0.9, NSD 0.8      → accuracy = (0.9 + 0.8) / 2     = 0.85
    // 60 s of 300 s         → speed    = 1 − 60 / 300         = 0.8
    // 512 MB of 1024 MB     → memory   = 1 − 512 / 1024       = 0.5
    // fine-tuning measured and passing → 1
    // score = 0.6·0.85 + 0.2·0.8 + 0.15·0.5 + 0.05·1 = 0.51 + 0.16 + 0.075 + 0.05 = 0.795 (no penalty)
    const s = makeSummary("m", { fineTuningRun: tuned });
    const result = score(s);
    expect(result.score).toBeCloseTo(0.795, 12);
    const expected = { accuracy: 0.85, speed: 0.8, memory: 0.5, fineTuning: 1, penalty: 1 };
    for (const [term, value] of Object.entries(expected)) {
      expect(result.terms[term as keyof typeof expected]).toBeCloseTo(value, 12);
    }
    expect(result.workings).toBe("0.6 × 0.85 + 0.2 × 0.8 + 0.15 × 0.5 + 0.05 × 1 = 0.795");
    expect(result.missing).toEqual([]);
  });

  it("halves the score of a model that fails a hard constraint", () => {
    // Same model at 2048 MB: memory = max(0, 1 − 2048/1024) = 0, resources fail → penalty 0.5.
    // (0.51 + 0.16 + 0 + 0.05) × 0.5 = 0.72 × 0.5 = 0.36
    const result = score(makeSummary("m", { peakRssMb: 2048, fineTuningRun: tuned }));
    expect(result.score).toBeCloseTo(0.36, 12);
    expect(result.workings).toBe(
      "(0.6 × 0.85 + 0.2 × 0.8 + 0.15 × 0 + 0.05 × 1) × 0.5 (fails resources) = 0.36",
    );
  });

  it("counts fine-tuning that is not measured, only claimed, or failing as 0, without a penalty (not hard)", () => {
    // 0.51 + 0.16 + 0.075 + 0 = 0.745
    expect(score(makeSummary("m")).score).toBeCloseTo(0.745, 12);
    const claimed = makeSummary("m", { model: { fineTuning: { supported: true, notes: "" } } });
    expect(score(claimed).score).toBeCloseTo(0.745, 12);
    const oom = { ...tuned, status: "failed" as const, failure: "out-of-memory", diceAfter: null };
    const failing = score(makeSummary("m", { fineTuningRun: oom }));
    expect([failing.score, failing.terms.penalty]).toEqual([expect.closeTo(0.745, 12), 1]);
    const overNight = score(makeSummary("m", { fineTuningRun: { ...tuned, plateauMs: 9 * 3_600_000 } }));
    expect(overNight.terms.fineTuning).toBe(0);
  });

  it("penalises a missing egress audit through data locality, a hard constraint", () => {
    // data locality fails → (0.51 + 0.16 + 0.075 + 0.05) × 0.5 = 0.3975
    const result = score(makeSummary("m", { fineTuningRun: tuned, egressBytes: null }));
    expect(result.score).toBeCloseTo(0.3975, 12);
    expect(result.workings).toBe(
      "(0.6 × 0.85 + 0.2 × 0.8 + 0.15 × 0.5 + 0.05 × 1) × 0.5 (fails data locality) = 0.3975",
    );
  });

  it("normalises weights that do not sum to 1", () => {
    // weights 3 accuracy, 1 speed: (3·0.85 + 1·0.8) / 4 = (2.55 + 0.8) / 4 = 0.8375
    const p = testPolicy({ weights: { accuracy: 3, speed: 1, memory: 0, fineTuning: 0 } });
    const result = score(makeSummary("m", { peakRssMb: null }), p);
    expect(result.score).toBeCloseTo(0.8375, 12);
    expect(result.workings).toBe("(3 × 0.85 + 1 × 0.8) / 4 = 0.8375");
    expect(result.formula.startsWith("score = ((3 × accuracy + 1 × speed) / 4) × penalty, where")).toBe(true);
  });

  it("gives no score, and says why, when a number the formula needs is missing", () => {
    const result = score(makeSummary("m", { meanNsd: null, perCaseMeanMs: Number.NaN }));
    expect(result.score).toBeNull();
    expect(result.missing).toEqual(["mean NSD", "per-case time"]);
    expect(result.workings).toBe("No score: mean NSD, per-case time not reported.");
  });

  it("clamps headroom at 0 over budget and 1 at no use", () => {
    const result = score(makeSummary("m", { perCaseMeanMs: 900_000, peakRssMb: 0 }));
    expect(result.terms.speed).toBe(0);
    expect(result.terms.memory).toBe(1);
  });
});

describe("compositeFormula", () => {
  it("prints the default formula for a class with its budgets", () => {
    expect(compositeFormula(testPolicy({ memoryBudgetMb: 1536 }))).toBe(
      "score = (0.6 × accuracy + 0.2 × speed + 0.15 × memory + 0.05 × fine-tuning) × penalty, where " +
        "accuracy = (mean DSC + mean NSD) / 2; speed = max(0, 1 − per-case time / 300 s); " +
        "memory = max(0, 1 − peak memory / 1536 MB); " +
        "fine-tuning = 1 if fine-tuning measured on the class's devices passes (fits 1536 MB and reaches its plateau within 8 h, with a DSC gain on the new site), else 0 (not measured, or a manifest's claim only, counts 0); " +
        "penalty = 0.5 if any hard constraint (resources, accuracy, execution time, data locality [egress audit present, ≤ 256 KB per job]) fails, else 1. " +
        "Scores run from 0 to 1; higher is better.",
    );
  });

  it("leaves out the penalty when nothing is hard, and says data locality then does not count", () => {
    const formula = compositeFormula(testPolicy({ hardConstraints: [] }));
    expect(formula).toMatch(/^score = 0\.6 × accuracy \+ .* fine-tuning, where/);
    expect(formula).toContain("data locality (the egress audit) is shown but does not change the score");
    expect(compositeFormula(testPolicy({ fineTuningBudgetMinutes: 90 }))).toContain("plateau within 1.5 h");
  });
});
