/**
 * Arithmetic the phantom is allowed to use. ECMAScript pins +, -, *, / and Math.sqrt to IEEE 754
 * correctly rounded results, but leaves Math.sin, Math.cos, Math.exp, Math.log and Math.pow
 * implementation-approximated (ECMA-262 §21.3.2), so they could change a voxel between V8 versions or
 * CPUs. The few transcendental values the phantom needs are computed here from polynomials.
 */

/** cos and sin by their Taylor series to degree 16/17; |error| < 1e-15 for |theta| ≤ 1 rad. */
export function cosSin(theta: number): [cos: number, sin: number] {
  const t2 = theta * theta;
  let c = 1;
  let s = 1;
  // Horner form of Σ (-1)^n t^(2n)/(2n)! and Σ (-1)^n t^(2n+1)/(2n+1)!, from n = 8 down.
  for (let n = 8; n >= 1; n--) {
    c = 1 - (t2 / ((2 * n - 1) * (2 * n))) * c;
    s = 1 - (t2 / (2 * n * (2 * n + 1))) * s;
  }
  return [c, theta * s];
}

/** Hermite smoothstep 3t² − 2t³: C¹ blending weight on [0, 1]. */
export function smoothstep(t: number): number {
  return t * t * (3 - 2 * t);
}

export function clamp(v: number, lo: number, hi: number): number {
  return v < lo ? lo : Math.min(v, hi);
}
