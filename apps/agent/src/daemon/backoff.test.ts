import { describe, expect, it } from "vitest";
import { backoffCeiling, backoffDelay } from "./backoff.ts";

describe("reconnect backoff", () => {
  const policy = { baseMs: 1000, capMs: 60_000 };

  it("doubles the window per attempt up to the cap", () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 50].map((a) => backoffCeiling(a, policy))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it("draws the delay uniformly below the window (full jitter)", () => {
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(3, policy, () => 0.5)).toBe(2000);
    expect(backoffDelay(3, policy, () => 0.999_999)).toBe(3999);
    expect(backoffDelay(40, policy, () => 0.25)).toBe(15_000);
  });

  it("spreads many devices' retries over the window", () => {
    let seed = 42;
    // A small LCG: deterministic, and enough to check the spread.
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const delays = Array.from({ length: 2000 }, () => backoffDelay(7, policy, random));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...delays)).toBeLessThan(60_000);
    const mean = delays.reduce((a, b) => a + b, 0) / delays.length;
    expect(mean).toBeGreaterThan(27_000);
    expect(mean).toBeLessThan(33_000);
    const firstTenth = delays.filter((d) => d < 6000).length / delays.length;
    expect(firstTenth).toBeGreaterThan(0.07);
    expect(firstTenth).toBeLessThan(0.13);
  });
});
