import { repeatStatsSchema } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import {
  coefficientOfVariation,
  median,
  medianRepeatIndex,
  needsAnotherRepeat,
  repeatStats,
} from "./repeat-rule.ts";

const rule = { minRepeats: 3, maxRepeats: 5, maxCov: 0.035 };
const series = (p50s: number[]) => p50s.map((p50) => ({ p50, p90: p50 * 1.5 }));

/** Replays the rule on a recorded series: how many repeats it would have run before stopping. */
const repeatsRun = (recorded: number[], r = rule) => {
  let n = 1;
  while (n < recorded.length && needsAnotherRepeat(recorded.slice(0, n), r)) n++;
  return n;
};

describe("coefficientOfVariation (sample standard deviation / mean)", () => {
  it("matches a hand computation on the issue's unet2d-small runs", () => {
    // mean 5.45; squared deviations 3.0625 + 1.0609 + 0.5184 = 4.6418; / (3 − 1) = 2.3209.
    expect(coefficientOfVariation([3.7, 6.48, 6.17])).toBeCloseTo(Math.sqrt(2.3209) / 5.45, 12);
    expect(coefficientOfVariation([3.7, 6.48, 6.17])).toBeCloseTo(0.2795, 4);
  });

  it("divides by n − 1, not n", () => {
    // [1, 3]: mean 2, sample variance ((1)² + (1)²) / 1 = 2 (population variance would be 1).
    expect(coefficientOfVariation([1, 3])).toBeCloseTo(Math.SQRT2 / 2, 12);
  });

  it("is 0 for one value, for none and for identical values", () => {
    expect(coefficientOfVariation([7.3])).toBe(0);
    expect(coefficientOfVariation([])).toBe(0);
    expect(coefficientOfVariation([2.5, 2.5, 2.5])).toBe(0);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the two middle ones", () => {
    expect(median([8.9, 8.1, 8.4])).toBe(8.4);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBe(0);
  });
});

describe("the repeat rule on recorded series", () => {
  it("stable: stops at minRepeats once the p50s agree", () => {
    // unet2d-base on an idle machine: 8.41 / 8.52 / 8.46 ms, CoV 0.65 %.
    const recorded = [8.41, 8.52, 8.46, 9.9, 7.1];
    expect(repeatsRun(recorded)).toBe(3);
    const stats = repeatStats(series(recorded.slice(0, 3)), rule);
    expect(stats).toEqual({
      p50Ms: [8.41, 8.52, 8.46],
      p90Ms: [8.41 * 1.5, 8.52 * 1.5, 8.46 * 1.5],
      medianP50Ms: 8.46,
      medianP90Ms: 8.46 * 1.5,
      cov: coefficientOfVariation([8.41, 8.52, 8.46]),
      stability: "STABLE",
      reason: null,
    });
    expect(stats.cov).toBeCloseTo(0.0065, 4);
    expect(repeatStatsSchema.parse(stats)).toEqual(stats);
  });

  it("becomes stable after more repeats when an early outlier is diluted", () => {
    // 11.4 / 11.2 / 13.0 (CoV 8.3 %) then 11.3 / 11.3: 7.3 % at 4, 6.6 % at 5 — never under 3.5 %.
    expect(repeatsRun([11.4, 11.2, 13.0, 11.3, 11.3])).toBe(5);
    // A milder outlier: 10.0 / 10.3 / 10.9 (4.4 %) then 10.4 (3.6 %) then 10.3 (3.2 %): stops at 5, STABLE.
    const recorded = [10.0, 10.3, 10.9, 10.4, 10.3];
    expect(repeatsRun(recorded)).toBe(5);
    expect(coefficientOfVariation(recorded.slice(0, 4))).toBeGreaterThan(0.035);
    expect(repeatStats(series(recorded), rule)).toMatchObject({
      stability: "STABLE",
      reason: null,
      medianP50Ms: 10.3,
    });
    // 10.2 / 10.3 / 10.9 (3.6 %) then 10.4 (3.0 %): stops at 4.
    expect(repeatsRun([10.2, 10.3, 10.9, 10.4, 99])).toBe(4);
  });

  it("unstable: runs to maxRepeats and names the numbers", () => {
    // The unet2d-small back-to-back p50s, then two more as scattered.
    const recorded = [3.7, 6.48, 6.17, 4.1, 6.3];
    expect(repeatsRun(recorded)).toBe(5);
    const stats = repeatStats(series(recorded), rule);
    expect(stats.stability).toBe("UNSTABLE");
    expect(stats.medianP50Ms).toBe(6.17);
    expect(stats.cov).toBeCloseTo(0.2497, 4);
    expect(stats.reason).toBe("p50 CoV 25.0 % over 5 repeats exceeds 3.5 %");
  });

  it("borderline: a CoV exactly at maxCov is STABLE, a hair above is UNSTABLE", () => {
    const recorded = [5.0, 5.1, 5.2];
    const cov = coefficientOfVariation(recorded);
    const atThreshold = { minRepeats: 3, maxRepeats: 3, maxCov: cov };
    expect(needsAnotherRepeat(recorded, { ...atThreshold, maxRepeats: 5 })).toBe(false);
    expect(repeatStats(series(recorded), atThreshold)).toMatchObject({ stability: "STABLE", reason: null });
    const justBelow = { ...atThreshold, maxCov: cov * (1 - 1e-12) };
    expect(needsAnotherRepeat(recorded, { ...justBelow, maxRepeats: 5 })).toBe(true);
    expect(repeatStats(series(recorded), justBelow).stability).toBe("UNSTABLE");
    // 1.96 % rounds to "2.0 %" in the reason; the comparison itself is on the unrounded numbers.
    expect(repeatStats(series(recorded), justBelow).reason).toBe(
      "p50 CoV 2.0 % over 3 repeats exceeds 2.0 %",
    );
  });

  it("one repeat: CoV 0, STABLE by the rule, and the reason says no spread was measured", () => {
    const one = { minRepeats: 1, maxRepeats: 1, maxCov: 0.035 };
    expect(needsAnotherRepeat([], one)).toBe(true);
    expect(needsAnotherRepeat([6.48], one)).toBe(false);
    expect(repeatStats(series([6.48]), one)).toEqual({
      p50Ms: [6.48],
      p90Ms: [6.48 * 1.5],
      medianP50Ms: 6.48,
      medianP90Ms: 6.48 * 1.5,
      cov: 0,
      stability: "STABLE",
      reason: "one repeat: the run-to-run spread of the p50 was not measured",
    });
  });

  it("never stops before minRepeats, even on identical p50s", () => {
    expect(needsAnotherRepeat([4, 4], rule)).toBe(true);
    expect(needsAnotherRepeat([4, 4, 4], rule)).toBe(false);
  });
});

describe("medianRepeatIndex", () => {
  it("picks the repeat at the median p50; the lower middle for an even count; ties in repeat order", () => {
    expect(medianRepeatIndex([6.48, 3.7, 6.17])).toBe(2);
    expect(medianRepeatIndex([4, 1, 3, 2])).toBe(3);
    expect(medianRepeatIndex([5, 5, 5])).toBe(1);
    expect(medianRepeatIndex([5, 7, 5])).toBe(2);
    expect(medianRepeatIndex([9])).toBe(0);
    expect(() => medianRepeatIndex([])).toThrow(RangeError);
  });
});
