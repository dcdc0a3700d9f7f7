import type { Rng } from "./prng.ts";

/** Per-case variation helpers: a jittered value and a scaled one, both uniform. */
export interface Draw {
  /** v ± d */
  j(v: number, d: number): number;
  /** v · (1 ± f) */
  s(v: number, f: number): number;
  /** true with probability p */
  chance(p: number): boolean;
  rng: Rng;
}

export function draw(rng: Rng): Draw {
  return {
    j: (v, d) => v + rng.range(-d, d),
    s: (v, f) => v * rng.range(1 - f, 1 + f),
    chance: (p) => rng.uniform() < p,
    rng,
  };
}

/** Coefficients of the quadratic through (0, a), (m, b), (1, c), for Sweep centrelines and radii. */
export function quadThrough(a: number, m: number, b: number, c: number): [number, number, number] {
  // p0 = a; p1·m + p2·m² = b − a; p1 + p2 = c − a.
  const p2 = (b - a - m * (c - a)) / (m * m - m);
  return [a, c - a - p2, p2];
}
