import type { RepeatRule, RepeatStats } from "@edgeseg/protocol";

/** Median of the values (mean of the two middle ones for an even count); 0 for none. */
export function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Coefficient of variation as the Phoronix Test Suite judges a test's repeats: sample standard
 * deviation (divides by n − 1) over the mean. 0 for fewer than two values, where no spread is measured.
 */
export function coefficientOfVariation(values: readonly number[]): number {
  const n = values.length;
  if (n < 2) return 0;
  const mean = values.reduce((s, x) => s + x, 0) / n;
  if (mean === 0) return 0;
  const variance = values.reduce((s, x) => s + (x - mean) ** 2, 0) / (n - 1);
  return Math.sqrt(variance) / mean;
}

/**
 * PTS's dynamic run count: keep repeating while fewer than minRepeats are done, or while the p50's
 * CoV is above maxCov and fewer than maxRepeats are done. `p50s` are the repeats done so far.
 */
export function needsAnotherRepeat(p50s: readonly number[], rule: RepeatRule): boolean {
  if (p50s.length < rule.minRepeats) return true;
  if (p50s.length >= rule.maxRepeats) return false;
  return coefficientOfVariation(p50s) > rule.maxCov;
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;

/**
 * The series' statistics and verdict. STABLE when the p50's CoV is at or under maxCov (the threshold
 * itself passes); UNSTABLE otherwise, with a reason naming the numbers. One repeat measures no spread:
 * its CoV is 0 and the reason says the spread was not measured.
 */
export function repeatStats(series: readonly { p50: number; p90: number }[], rule: RepeatRule): RepeatStats {
  const p50Ms = series.map((r) => r.p50);
  const p90Ms = series.map((r) => r.p90);
  const cov = coefficientOfVariation(p50Ms);
  const stable = cov <= rule.maxCov;
  const n = series.length;
  let reason: string | null = null;
  if (!stable) {
    reason = `p50 CoV ${pct(cov)} over ${n} repeat${n === 1 ? "" : "s"} exceeds ${pct(rule.maxCov)}`;
  } else if (n === 1) {
    reason = "one repeat: the run-to-run spread of the p50 was not measured";
  }
  return {
    p50Ms,
    p90Ms,
    medianP50Ms: median(p50Ms),
    medianP90Ms: median(p90Ms),
    cov,
    stability: stable ? "STABLE" : "UNSTABLE",
    reason,
  };
}

/**
 * Which repeat the document's `timing.singleStream` reports: the one whose p50 is the series' median
 * (for an even count the lower of the two middle ones, so it is always a measured repeat, never an
 * average of two). Equal p50s are ordered by repeat number.
 */
export function medianRepeatIndex(p50s: readonly number[]): number {
  if (p50s.length === 0) throw new RangeError("no repeat to choose from");
  const order = p50s.map((p, i) => ({ p, i })).sort((a, b) => a.p - b.p || a.i - b.i);
  return order[Math.floor((order.length - 1) / 2)]!.i;
}
