import { describe, expect, it } from "vitest";
import { percentile, summarize } from "./stats.ts";

describe("percentile (nearest rank)", () => {
  const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
  it("p50 of 1..20 is 10, p95 is 19, p100 is 20", () => {
    expect(percentile(twenty, 50)).toBe(10);
    expect(percentile(twenty, 95)).toBe(19);
    expect(percentile(twenty, 100)).toBe(20);
  });
  it("summarize sorts first and rounds to 0.1 ms", () => {
    expect(summarize([3.04, 1, 2])).toEqual({ n: 3, p50: 2, p95: 3, min: 1, max: 3, mean: 2 });
  });
});
