import type { InferenceQuery } from "@edgeseg/engine-core";
import type { LatencyStats, RepeatRule, RepeatStats } from "@edgeseg/protocol";
import { medianRepeatIndex, needsAnotherRepeat, repeatStats } from "./repeat-rule.ts";
import { runSingleStream, type SingleStreamOptions } from "./single-stream.ts";

/** latencyStatsSchema's cap on reasons. */
const MAX_REASONS = 20;

export interface RepeatedSingleStream {
  /** The repeat at the median p50, with every repeat's INVALID reasons (see mergeRepeats). */
  singleStream: LatencyStats;
  /** null without a repeat rule: one measurement, as agents without the rule report. */
  repeats: RepeatStats | null;
}

/**
 * SingleStream repeated under the Phoronix Test Suite's rule: whole LoadGen SingleStream measurements
 * back to back on the same session until the p50's CoV is at or under maxCov after at least
 * minRepeats, or maxRepeats are done. Warm-up runs once, before the first repeat: the repeats follow
 * each other with nothing in between, so caches, allocations and the thread pool are already warm.
 */
export async function runRepeatedSingleStream(
  query: InferenceQuery,
  opts: SingleStreamOptions,
  rule: RepeatRule | undefined,
  onRepeat?: (done: number) => void,
): Promise<RepeatedSingleStream> {
  if (!rule) return { singleStream: await runSingleStream(query, opts), repeats: null };
  const runs: LatencyStats[] = [];
  do {
    runs.push(
      await runSingleStream(query, { ...opts, warmupQueries: runs.length === 0 ? opts.warmupQueries : 0 }),
    );
    onRepeat?.(runs.length);
  } while (
    needsAnotherRepeat(
      runs.map((r) => r.p50),
      rule,
    )
  );
  return { singleStream: mergeRepeats(runs), repeats: repeatStats(runs, rule) };
}

/**
 * The document's SingleStream figures are the repeat at the median p50 — one real measurement, so its
 * percentiles, count and duration belong together. Its verdict is INVALID when any repeat's was, and
 * the reasons of every INVALID repeat are kept, each naming its repeat.
 */
export function mergeRepeats(runs: readonly LatencyStats[]): LatencyStats {
  const chosen = runs[medianRepeatIndex(runs.map((r) => r.p50))]!;
  if (runs.length === 1) return chosen;
  const all = runs.flatMap((r, i) => r.reasons.map((why) => `repeat ${i + 1} of ${runs.length}: ${why}`));
  // The document holds at most MAX_REASONS reasons: the rest are counted, not dropped silently.
  const reasons =
    all.length <= MAX_REASONS
      ? all
      : [
          ...all.slice(0, MAX_REASONS - 1),
          `and ${all.length - MAX_REASONS + 1} more reasons from other repeats`,
        ];
  return { ...chosen, verdict: all.length === 0 ? "VALID" : "INVALID", reasons };
}
