import { describe, expect, it } from "vitest";
import { percentile, summarise } from "./stats.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe("percentile (LoadGen: sorted[floor(p·n)])", () => {
  it("picks the hand-computed index", () => {
    // n = 10: p50 → index 5 (upper median), p90 → index 9, p99 → index floor(9.9) = 9.
    expect([0.5, 0.9, 0.99].map((p) => percentile(range(10), p))).toEqual([6, 10, 10]);
    // n = 100: p99 → index 99, the largest sample.
    expect([0.5, 0.9, 0.99].map((p) => percentile(range(100), p))).toEqual([51, 91, 100]);
    // n = 1000: p99 → index 990.
    expect(percentile(range(1000), 0.99)).toBe(991);
    // 0.99 × 300 is 296.99999999999994 in doubles; exact arithmetic gives index 297.
    expect(percentile(range(300), 0.99)).toBe(298);
    expect(percentile([7], 0.99)).toBe(7);
    expect(percentile([], 0.5)).toBe(0);
  });
});

describe("summarise", () => {
  it("computes every statistic of an unsorted hand-checked array", () => {
    const s = summarise([5, 1, 4, 2, 3]);
    // sorted 1..5: p50 index 2 → 3, p90 index floor(4.5) = 4 → 5; variance (4+1+0+1+4)/5 = 2.
    expect(s).toEqual({ count: 5, p50: 3, p90: 5, p99: 5, mean: 3, std: Math.SQRT2, min: 1, max: 5 });
  });

  it("gives a zero spread for constant samples and zeros for none", () => {
    expect(summarise([2.5, 2.5, 2.5])).toMatchObject({ mean: 2.5, std: 0, p99: 2.5 });
    expect(summarise([])).toMatchObject({ count: 0, mean: 0, max: 0 });
  });

  it("does not reorder the caller's array", () => {
    const samples = [3, 1, 2];
    summarise(samples);
    expect(samples).toEqual([3, 1, 2]);
  });
});
