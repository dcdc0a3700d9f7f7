import type { LatencyStats } from "@edgeseg/protocol";

export interface SingleStreamSettings {
  /** Keep issuing queries until at least this much time has passed since the first timed one … */
  minDurationMs: number;
  /** … and at least this many timed queries have completed (LoadGen: min_duration, min_query_count). */
  minQueries: number;
  /** Stop issuing queries after this long even if the minimums are not met: the run is then INVALID. */
  maxDurationMs: number;
  /** Untimed queries issued first (caches, lazy allocation, thread-pool spin-up). */
  warmupQueries: number;
}

/**
 * Tail rule: a p-th percentile rests on measured tail only with n ≥ 1/(1 − p) samples — for p99,
 * 100 — so that at least one sample lies at or above the p99 index. With fewer, "p99" is just the max
 * of a handful of runs. (LoadGen's own early-stopping bound is stricter; this is edgeseg's floor for
 * slow devices, where hundreds of queries can take minutes.)
 */
export const P99_MIN_SAMPLES = 100;

export interface SingleStreamRun {
  count: number;
  durationMs: number;
  /** True when the loop stopped at maxDurationMs rather than on meeting both minimums. */
  capHit: boolean;
}

export function singleStreamReasons(run: SingleStreamRun, settings: SingleStreamSettings): string[] {
  const reasons: string[] = [];
  const cap = run.capHit ? ` before the ${settings.maxDurationMs} ms time cap` : "";
  if (run.count < settings.minQueries) {
    reasons.push(`only ${run.count} queries completed${cap}; the minimum is ${settings.minQueries}`);
  }
  if (run.durationMs < settings.minDurationMs) {
    reasons.push(
      `the run lasted ${run.durationMs.toFixed(1)} ms${cap}; the minimum duration is ${settings.minDurationMs} ms`,
    );
  }
  if (run.count < P99_MIN_SAMPLES) {
    reasons.push(
      `p99 needs at least ${P99_MIN_SAMPLES} samples (tail rule n ≥ 1/(1 − 0.99)); got ${run.count}`,
    );
  }
  return reasons;
}

export const THROTTLING_REASON =
  "thermal throttling was observed during the run; its latencies do not describe the device at its rated speed";

/**
 * Marks stats INVALID when throttling was seen (constraint 1: no thermal throttling during the run).
 * null means the platform could not tell, which is not held against the run.
 */
export function withThrottling(stats: LatencyStats, throttled: boolean | null): LatencyStats {
  if (throttled !== true || stats.reasons.includes(THROTTLING_REASON)) return stats;
  return { ...stats, verdict: "INVALID", reasons: [...stats.reasons, THROTTLING_REASON] };
}
