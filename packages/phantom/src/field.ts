import { smoothstep } from "./math.ts";
import type { Rng } from "./prng.ts";

/**
 * A smooth random scalar field: values uniform in [lo, hi] on a coarse regular grid of control points,
 * blended with smoothstep weights along each axis (C¹, no overshoot). Used for the low-frequency
 * displacement that deforms each case and for tissue texture.
 */
export interface SmoothField {
  readonly n: readonly [number, number, number];
  readonly origin: readonly [number, number, number];
  readonly cell: readonly [number, number, number];
  readonly values: Float64Array;
}

export function createField(
  rng: Rng,
  min: readonly [number, number, number],
  max: readonly [number, number, number],
  cell: readonly [number, number, number],
  lo: number,
  hi: number,
): SmoothField {
  const n = [0, 1, 2].map((a) => Math.floor((max[a]! - min[a]!) / cell[a]!) + 2) as [number, number, number];
  const values = new Float64Array(n[0] * n[1] * n[2]);
  for (let i = 0; i < values.length; i++) values[i] = rng.range(lo, hi);
  return { n, origin: min, cell, values };
}

/** Grid index and smoothstep weight of each coordinate along one axis. */
export interface AxisTable {
  readonly index: Int32Array;
  readonly weight: Float64Array;
}

export function axisTable(field: SmoothField, axis: 0 | 1 | 2, coords: ArrayLike<number>): AxisTable {
  const index = new Int32Array(coords.length);
  const weight = new Float64Array(coords.length);
  const last = field.n[axis] - 2;
  for (let t = 0; t < coords.length; t++) {
    const g = (coords[t]! - field.origin[axis]) / field.cell[axis];
    const cellIndex = Math.min(Math.max(Math.floor(g), 0), last);
    const frac = Math.min(Math.max(g - cellIndex, 0), 1);
    index[t] = cellIndex;
    weight[t] = smoothstep(frac);
  }
  return { index, weight };
}

/** The field on one plane k = const (blended along the third axis once), as an n0 × n1 grid. */
export function fieldPlane(field: SmoothField, zIndex: number, zWeight: number): Float64Array {
  const [n0, n1] = field.n;
  const plane = new Float64Array(n0 * n1);
  const lower = zIndex * n0 * n1;
  const upper = lower + n0 * n1;
  for (let p = 0; p < plane.length; p++) {
    const a = field.values[lower + p]!;
    plane[p] = a + (field.values[upper + p]! - a) * zWeight;
  }
  return plane;
}

/** Bilinear-smoothstep sample of a plane from precomputed axis tables. */
export function samplePlane(
  plane: Float64Array,
  n0: number,
  x: AxisTable,
  i: number,
  y: AxisTable,
  j: number,
) {
  const base = y.index[j]! * n0 + x.index[i]!;
  const wx = x.weight[i]!;
  const a = plane[base]! + (plane[base + 1]! - plane[base]!) * wx;
  const b = plane[base + n0]! + (plane[base + n0 + 1]! - plane[base + n0]!) * wx;
  return a + (b - a) * y.weight[j]!;
}
