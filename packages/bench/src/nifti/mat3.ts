/** Small 3×3 helpers for header geometry (row-major number[][]). */
export type Mat3 = number[][];

export function det3(m: Mat3): number {
  const [a, b, c] = m as [number[], number[], number[]];
  return (
    a[0]! * (b[1]! * c[2]! - b[2]! * c[1]!) -
    a[1]! * (b[0]! * c[2]! - b[2]! * c[0]!) +
    a[2]! * (b[0]! * c[1]! - b[1]! * c[0]!)
  );
}

function inverseTranspose(m: Mat3): Mat3 {
  const d = det3(m);
  const e = (r: number, c: number) => m[r]![c]!;
  // The cofactor matrix divided by the determinant is the inverse transposed.
  return [
    [
      e(1, 1) * e(2, 2) - e(1, 2) * e(2, 1),
      e(1, 2) * e(2, 0) - e(1, 0) * e(2, 2),
      e(1, 0) * e(2, 1) - e(1, 1) * e(2, 0),
    ],
    [
      e(0, 2) * e(2, 1) - e(0, 1) * e(2, 2),
      e(0, 0) * e(2, 2) - e(0, 2) * e(2, 0),
      e(0, 1) * e(2, 0) - e(0, 0) * e(2, 1),
    ],
    [
      e(0, 1) * e(1, 2) - e(0, 2) * e(1, 1),
      e(0, 2) * e(1, 0) - e(0, 0) * e(1, 2),
      e(0, 0) * e(1, 1) - e(0, 1) * e(1, 0),
    ],
  ].map((row) => row.map((v) => v / d));
}

/**
 * Closest orthogonal matrix (polar decomposition) by Newton's iteration R ← (R + R⁻ᵀ)/2, which
 * converges quadratically for a non-singular matrix. Returns undefined for a singular one.
 */
export function polarOrthogonal(m: Mat3): Mat3 | undefined {
  let r = m.map((row) => [...row]);
  for (let iter = 0; iter < 100; iter++) {
    if (!(Math.abs(det3(r)) > 1e-12)) return undefined;
    const it = inverseTranspose(r);
    const next = r.map((row, i) => row.map((v, j) => (v + it[i]![j]!) / 2));
    const change = Math.max(...next.flatMap((row, i) => row.map((v, j) => Math.abs(v - r[i]![j]!))));
    r = next;
    if (change < 1e-15) break;
  }
  return r;
}

/** Euclidean norm of each column. */
export function columnNorms(m: Mat3): [number, number, number] {
  const norm = (j: number) => Math.hypot(m[0]![j]!, m[1]![j]!, m[2]![j]!);
  return [norm(0), norm(1), norm(2)];
}
