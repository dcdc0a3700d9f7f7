import { describe, expect, it } from "vitest";
import { lowerMedianIndex, median, quantile } from "./stats.ts";

describe("median and quantile", () => {
  it("takes the middle value of an odd count and the mean of the two middle values of an even count", () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("interpolates between order statistics (type 7, NumPy's default)", () => {
    // Ten values 1..10: position (10 − 1) × 0.9 = 8.1 → 9 + 0.1 × (10 − 9) = 9.1 (numpy.quantile gives 9.1).
    expect(quantile([10, 9, 8, 7, 6, 5, 4, 3, 2, 1], 0.9)).toBeCloseTo(9.1, 12);
    expect(quantile([7], 0.9)).toBe(7);
    expect(quantile([1, 2], 1)).toBe(2);
    expect(quantile([1, 2], 0)).toBe(1);
  });

  it("drops missing and non-finite numbers instead of counting them as zero", () => {
    expect(median([null, 4, Number.NaN, 6, Number.POSITIVE_INFINITY])).toBe(5);
    expect(median([null, Number.NaN])).toBeNull();
    expect(median([])).toBeNull();
  });

  it("points at the lower median for an even count, ties broken by input order", () => {
    expect(lowerMedianIndex([40, 10, 30, 20], (x) => x)).toBe(3); // sorted 10 20 30 40 → 20
    expect(lowerMedianIndex([5, 5, 5], (x) => x)).toBe(1);
    expect(lowerMedianIndex([], (x: number) => x)).toBe(-1);
  });
});
