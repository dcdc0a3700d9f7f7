import type { LatencyStats } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { singleStreamReasons, THROTTLING_REASON, withThrottling } from "./validity.ts";

const settings = { minDurationMs: 1000, minQueries: 200, maxDurationMs: 5000, warmupQueries: 5 };

describe("singleStreamReasons", () => {
  it("has none when both minimums and the tail rule are met", () => {
    expect(singleStreamReasons({ count: 200, durationMs: 1000, capHit: false }, settings)).toEqual([]);
  });

  it("names the time cap when it stopped the run short", () => {
    const reasons = singleStreamReasons({ count: 150, durationMs: 5003.2, capHit: true }, settings);
    expect(reasons).toEqual(["only 150 queries completed before the 5000 ms time cap; the minimum is 200"]);
  });

  it("applies the p99 tail rule even when the configured minimum is lower", () => {
    const reasons = singleStreamReasons(
      { count: 99, durationMs: 1200, capHit: false },
      { ...settings, minQueries: 50 },
    );
    expect(reasons).toEqual(["p99 needs at least 100 samples (tail rule n ≥ 1/(1 − 0.99)); got 99"]);
  });

  it("reports a short run", () => {
    const reasons = singleStreamReasons(
      { count: 300, durationMs: 12.34, capHit: true },
      { ...settings, maxDurationMs: 10 },
    );
    expect(reasons).toEqual([
      "the run lasted 12.3 ms before the 10 ms time cap; the minimum duration is 1000 ms",
    ]);
  });
});

describe("withThrottling", () => {
  const valid: LatencyStats = {
    count: 100,
    durationMs: 1,
    p50: 1,
    p90: 1,
    p99: 1,
    mean: 1,
    std: 0,
    min: 1,
    max: 1,
    verdict: "VALID",
    reasons: [],
  };

  it("invalidates a run that throttled, once, and leaves unknown or no throttling alone", () => {
    const throttled = withThrottling(valid, true);
    expect(throttled).toMatchObject({ verdict: "INVALID", reasons: [THROTTLING_REASON] });
    expect(withThrottling(throttled, true).reasons).toHaveLength(1);
    expect(withThrottling(valid, null)).toBe(valid);
    expect(withThrottling(valid, false)).toBe(valid);
  });
});
