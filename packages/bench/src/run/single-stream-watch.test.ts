import { describe, expect, it } from "vitest";
import { epochMs } from "../isolation/index.ts";
import type { ChildProgress } from "./child-output.ts";
import { capForecast, WATCH_EVERY_MS, watchScenarios } from "./single-stream-watch.ts";
import { defaultScenario } from "./spec.ts";

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

describe("watchScenarios", () => {
  it("reports the queries issued every interval, warns once about the cap, then follows Offline", async () => {
    const reports: ChildProgress[] = [];
    const state = { queries: 5, startMs: epochMs() - 4500, ended: false };
    const stop = watchScenarios(
      () => state,
      defaultScenario,
      (p) => reports.push(p),
    );
    await new Promise((r) => setTimeout(r, WATCH_EVERY_MS + 150));
    state.queries = 7;
    await new Promise((r) => setTimeout(r, WATCH_EVERY_MS));
    state.ended = true;
    await new Promise((r) => setTimeout(r, WATCH_EVERY_MS));
    stop();
    expect(reports.map((p) => [p.phase, p.message])).toEqual([
      ["single-stream", "5 queries"],
      ["single-stream", "7 queries"],
      ["offline", "64 images, at most 30 s"],
    ]);
    // ~1.3 s per query at the first report: 200 need far more than the 60 s cap. Warned once only.
    expect(reports[0]!.warning).toMatch(/this run will be INVALID by construction/);
    expect(reports.filter((p) => p.warning)).toHaveLength(1);
    expect(reports[0]!.total).toBe(defaultScenario.warmupQueries + 3 * 200);
  }, 15_000);
});
