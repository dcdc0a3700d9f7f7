/**
 * Order statistics for fleet figures. Values that are not finite are dropped first: a missing number
 * is never a zero. Both functions return null for an empty input.
 */

/** The median: the middle value, or the mean of the two middle values of an even count. */
export function median(values: readonly (number | null)[]): number | null {
  return quantile(values, 0.5);
}

/**
 * The q-quantile by linear interpolation between order statistics (Hyndman & Fan type 7, the default of
 * NumPy's `quantile` and R's `quantile`): position (n − 1)·q in the sorted values. q = 0.5 is the
 * median; q = 0.9 over ten devices lies between the 9th and 10th fastest.
 */
export function quantile(values: readonly (number | null)[], q: number): number | null {
  const sorted = finite(values).sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const lower = Math.floor(position);
  const upper = Math.ceil(position);
  const [a, b] = [sorted[lower] as number, sorted[upper] as number];
  return a + (b - a) * (position - lower);
}

export function finite(values: readonly (number | null | undefined)[]): number[] {
  return values.filter((v): v is number => typeof v === "number" && Number.isFinite(v));
}

/** Index of the lower median of `values` sorted ascending by `key` (the run a median figure links to). */
export function lowerMedianIndex<T>(items: readonly T[], key: (item: T) => number): number {
  const order = items.map((item, i) => ({ i, k: key(item) })).sort((a, b) => a.k - b.k || a.i - b.i);
  return order[Math.floor((order.length - 1) / 2)]?.i ?? -1;
}
