import { describe, expect, it } from "vitest";
import { capForecast } from "./single-stream-watch.ts";

const settings = { minDurationMs: 3000, minQueries: 200, maxDurationMs: 60_000 };

describe("capForecast", () => {
  it("warns when the pace so far cannot reach the minimum queries within the cap, with settings that fit", () => {
    // 5 queries in 4.5 s: 900 ms each; 200 need 180 s against a 60 s cap; 60 s hold 66 (< 100, the tail rule).
    expect(capForecast(5, 4500, settings, 2)).toBe(
      "at ~900 ms per query (3 timed so far), 200 queries need ~180 s but the time cap is 60 s: " +
        "this run will be INVALID by construction (exit code 10, result kept). Settings that fit: --max-duration 216",
    );
    // 250 ms per query: 200 need 50 s — fits.
    expect(capForecast(8, 2000, settings, 2)).toBeNull();
    // 400 ms: 200 need 80 s; 60 s hold 150 queries, enough for a p99.
    expect(capForecast(10, 4000, settings, 0)).toMatch(/--max-duration 96 or --min-queries 150$/);
  });

  it("waits for a few queries and a second before judging", () => {
    expect(capForecast(2, 5000, settings, 0)).toBeNull();
    expect(capForecast(10, 900, settings, 0)).toBeNull();
  });
});
