import type { InferenceQuery } from "@edgeseg/engine-core";
import type { LatencyStats } from "@edgeseg/protocol";
import { elapsedMs, now } from "./clock.ts";
import { summarise } from "./stats.ts";
import { type SingleStreamSettings, singleStreamReasons, withThrottling } from "./validity.ts";

export interface SingleStreamOptions extends SingleStreamSettings {
  /** Asked once the run ends: was thermal throttling seen during it? null = cannot tell. */
  throttled?: () => boolean | null;
}

/**
 * MLPerf LoadGen's SingleStream scenario: one query in flight at a time, the next issued when the
 * previous completes, until both the minimum duration and the minimum query count are met or the
 * hard cap stops issuing. Only the awaited `query()` is inside the timed region, so `query` must be
 * the inference call on already-prepared inputs — `session.prepare(feeds)` builds exactly that.
 */
export async function runSingleStream(
  query: InferenceQuery,
  opts: SingleStreamOptions,
): Promise<LatencyStats> {
  for (let i = 0; i < opts.warmupQueries; i++) await query();
  const samples: number[] = [];
  const start = now();
  let capHit = false;
  for (;;) {
    const elapsed = elapsedMs(start);
    if (samples.length >= opts.minQueries && elapsed >= opts.minDurationMs) break;
    if (elapsed >= opts.maxDurationMs) {
      capHit = true;
      break;
    }
    const t0 = now();
    await query();
    const t1 = now();
    samples.push(Number(t1 - t0) / 1e6);
  }
  const durationMs = elapsedMs(start);
  const reasons = singleStreamReasons({ count: samples.length, durationMs, capHit }, opts);
  const stats: LatencyStats = {
    ...summarise(samples),
    durationMs,
    verdict: reasons.length === 0 ? "VALID" : "INVALID",
    reasons,
  };
  return withThrottling(stats, opts.throttled?.() ?? null);
}
