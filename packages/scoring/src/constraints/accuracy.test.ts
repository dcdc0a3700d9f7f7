import { describe, expect, it } from "vitest";
import { testPolicy } from "../testing/policy.ts";
import { makeSummary } from "../testing/summary.ts";
import { evaluateAccuracy } from "./accuracy.ts";

// Default thresholds: DSC ≥ 0.8, NSD ≥ 0.8; pancreas (and other small organs) DSC ≥ 0.7, NSD ≥ 0.7.
const policy = testPolicy();
const organs = { liver: { meanDice: 0.95, meanNsd: 0.9 }, pancreas: { meanDice: 0.75, meanNsd: 0.72 } };

describe("evaluateAccuracy", () => {
  it("passes when the means and every applicable organ meet their thresholds", () => {
    const r = evaluateAccuracy(
      makeSummary("m", { meanDice: 0.873, meanNsd: 0.851, perOrgan: organs }),
      policy,
    );
    expect(r.status).toBe("pass");
    expect(r.value).toBe("DSC 0.873 (≥ 0.8), NSD 0.851 (≥ 0.8), per-organ thresholds met (1 organ)");
  });

  it("passes at exactly the threshold", () => {
    const r = evaluateAccuracy(makeSummary("m", { meanDice: 0.8, meanNsd: 0.8, perOrgan: {} }), policy);
    expect(r.status).toBe("pass");
    expect(r.value).toBe("DSC 0.8 (≥ 0.8), NSD 0.8 (≥ 0.8)");
  });

  it("fails when mean DSC is below the threshold", () => {
    const r = evaluateAccuracy(makeSummary("m", { meanDice: 0.79, meanNsd: 0.9 }), policy);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("DSC 0.79 < 0.8.");
  });

  it("fails on one organ under its own threshold although the means pass", () => {
    const perOrgan = { ...organs, pancreas: { meanDice: 0.65, meanNsd: 0.72 } };
    const r = evaluateAccuracy(makeSummary("m", { meanDice: 0.9, meanNsd: 0.9, perOrgan }), policy);
    expect(r.status).toBe("fail");
    expect(r.value).toBe("DSC 0.9 (≥ 0.8), NSD 0.9 (≥ 0.8), 1 per-organ check failed");
    expect(r.detail).toBe("Pancreas DSC 0.65 < 0.7.");
  });

  it("ignores thresholds for organs the dataset does not contain", () => {
    const r = evaluateAccuracy(
      makeSummary("m", { perOrgan: { liver: { meanDice: 0.95, meanNsd: 0.9 } } }),
      testPolicy({ organThresholds: { esophagus: { dice: 0.99 } } }),
    );
    expect(r.status).toBe("pass");
  });

  it("is unknown, not failed, when NSD is missing", () => {
    const r = evaluateAccuracy(makeSummary("m", { meanDice: 0.9, meanNsd: null }), policy);
    expect(r.status).toBe("unknown");
    expect(r.value).toBe("DSC 0.9 (≥ 0.8), NSD n/a (≥ 0.8), per-organ thresholds met (1 organ)");
    expect(r.detail).toBe("NSD not reported.");
  });

  it("fails when a present metric fails although another is missing", () => {
    const r = evaluateAccuracy(makeSummary("m", { meanDice: 0.5, meanNsd: null }), policy);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("DSC 0.5 < 0.8; NSD not reported.");
  });

  it("is unknown when per-organ rows are missing and organ thresholds are set", () => {
    const r = evaluateAccuracy(
      makeSummary("m", { perOrgan: null }),
      testPolicy({ organThresholds: { pancreas: { dice: 0.7 } } }),
    );
    expect(r.status).toBe("unknown");
    expect(r.detail).toBe("Per-organ results not available (thresholds for pancreas).");
  });

  it("needs no per-organ rows when no organ has a threshold", () => {
    expect(
      evaluateAccuracy(makeSummary("m", { perOrgan: null }), testPolicy({ organThresholds: {} })).status,
    ).toBe("pass");
  });

  it("is unknown when nothing was measured, without throwing", () => {
    const r = evaluateAccuracy(
      makeSummary("m", { meanDice: null, meanNsd: Number.NaN, perOrgan: null }),
      policy,
    );
    expect(r.status).toBe("unknown");
    expect(r.value).toBe("DSC n/a (≥ 0.8), NSD n/a (≥ 0.8)");
  });
});
