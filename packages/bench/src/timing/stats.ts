/**
 * Percentile as MLPerf LoadGen computes it (loadgen/results.cc, ProcessLatencies):
 * `sample_latencies[sample_count * percentile]` on the ascending-sorted samples, i.e. the sample at
 * index floor(p·n) — the upper median for p50 and even n. The tiny epsilon keeps products such as
 * 0.99 × 300 = 296.99999999999994 on the index that exact arithmetic gives (297).
 */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const index = Math.min(sorted.length - 1, Math.floor(p * sorted.length + 1e-9));
  return sorted[index]!;
}

export interface Summary {
  count: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  /** Population standard deviation (divides by n): the spread of these samples, not an estimate. */
  std: number;
  min: number;
  max: number;
}

export function summarise(samples: readonly number[]): Summary {
  const n = samples.length;
  if (n === 0) return { count: 0, p50: 0, p90: 0, p99: 0, mean: 0, std: 0, min: 0, max: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const mean = sorted.reduce((s, x) => s + x, 0) / n;
  const variance = sorted.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
  return {
    count: n,
    p50: percentile(sorted, 0.5),
    p90: percentile(sorted, 0.9),
    p99: percentile(sorted, 0.99),
    mean,
    std: Math.sqrt(variance),
    min: sorted[0]!,
    max: sorted[n - 1]!,
  };
}
