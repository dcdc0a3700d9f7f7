/**
 * Sum of float64 values in the exact order NumPy's `np.sum` uses, so totals (and the HD95 percentile
 * boundary that divides by them) round the way surface-distance's results do: pairwise summation
 * (8 accumulators, blocks of 128) inside each 8192-element buffer chunk, chunks added in sequence.
 */
const CHUNK = 8192;
const BLOCK = 128;

export function numpySum(values: ArrayLike<number>, start = 0, end = values.length): number {
  let total = 0;
  for (let lo = start; lo < end; lo += CHUNK) total += pairwise(values, lo, Math.min(CHUNK, end - lo));
  return total;
}

function pairwise(a: ArrayLike<number>, lo: number, n: number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res += a[lo + i]!;
    return res;
  }
  if (n <= BLOCK) {
    const r = new Float64Array(8);
    for (let j = 0; j < 8; j++) r[j] = a[lo + j]!;
    let i = 8;
    for (; i < n - (n % 8); i += 8) for (let j = 0; j < 8; j++) r[j]! += a[lo + i + j]!;
    const left = r[0]! + r[1]! + (r[2]! + r[3]!);
    const right = r[4]! + r[5]! + (r[6]! + r[7]!);
    let res = left + right;
    for (; i < n; i++) res += a[lo + i]!;
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return pairwise(a, lo, n2) + pairwise(a, lo + n2, n - n2);
}
