import type { Vec3 } from "./types.ts";

/**
 * Exact squared Euclidean distance (mm²) from every grid point to the nearest feature point (non-zero in
 * `features`), with per-axis spacing: the result of scipy.ndimage.distance_transform_edt(~features,
 * sampling=spacing), squared. Separable lower-envelope algorithm (Felzenszwalb & Huttenlocher, "Distance
 * Transforms of Sampled Functions", Theory of Computing 8, 2012), one pass per axis in order 0, 1, 2, so
 * each value is summed as ((Δ0·s0)² + (Δ1·s1)²) + (Δ2·s2)², the order scipy sums them in.
 * Points with no feature anywhere stay Infinity.
 */
export function squaredEdt(features: Uint8Array, size: Vec3, spacing: Vec3): Float64Array {
  const out = new Float64Array(features.length);
  for (let p = 0; p < out.length; p++) out[p] = features[p] ? 0 : Number.POSITIVE_INFINITY;
  const [n0, n1, n2] = size;
  const longest = Math.max(n0, n1, n2);
  const line = { f: new Float64Array(longest), d: new Float64Array(longest) };
  const env = { v: new Int32Array(longest), z: new Float64Array(longest + 1) };
  const axes = [
    { n: n0, stride: 1, lines: n1 * n2, start: (l: number) => l * n0 },
    { n: n1, stride: n0, lines: n0 * n2, start: (l: number) => (l % n0) + n0 * n1 * Math.floor(l / n0) },
    { n: n2, stride: n0 * n1, lines: n0 * n1, start: (l: number) => l },
  ];
  axes.forEach((axis, a) => {
    if (axis.n === 1) return; // a one-point line adds (0·s)² = 0
    for (let l = 0; l < axis.lines; l++) {
      const base = axis.start(l);
      for (let q = 0; q < axis.n; q++) line.f[q] = out[base + q * axis.stride]!;
      transformLine(line, env, axis.n, spacing[a]!);
      for (let q = 0; q < axis.n; q++) out[base + q * axis.stride] = line.d[q]!;
    }
  });
  return out;
}

type Line = { f: Float64Array; d: Float64Array };
type Envelope = { v: Int32Array; z: Float64Array };

/** d[p] = min over q of f[q] + (w·(p − q))², for one line of length n. */
function transformLine({ f, d }: Line, { v, z }: Envelope, n: number, w: number): void {
  const w2 = w * w;
  let k = -1;
  for (let q = 0; q < n; q++) {
    const fq = f[q]!;
    if (fq === Number.POSITIVE_INFINITY) continue;
    if (k < 0) {
      k = 0;
      v[0] = q;
      z[0] = Number.NEGATIVE_INFINITY;
      z[1] = Number.POSITIVE_INFINITY;
      continue;
    }
    let s = intersection(f, v[k]!, q, w2);
    while (s <= z[k]!) {
      k--;
      s = intersection(f, v[k]!, q, w2);
    }
    k++;
    v[k] = q;
    z[k] = s;
    z[k + 1] = Number.POSITIVE_INFINITY;
  }
  if (k < 0) {
    d.fill(Number.POSITIVE_INFINITY, 0, n);
    return;
  }
  const last = k;
  k = 0;
  for (let p = 0; p < n; p++) {
    while (z[k + 1]! < p) k++;
    // The envelope is built in floating point; near a breakpoint the neighbours can be the true minimum.
    let best = value(f, v[k]!, p, w);
    if (k > 0) best = Math.min(best, value(f, v[k - 1]!, p, w));
    if (k < last) best = Math.min(best, value(f, v[k + 1]!, p, w));
    d[p] = best;
  }
}

function value(f: Float64Array, q: number, p: number, w: number): number {
  const t = (p - q) * w;
  return f[q]! + t * t;
}

function intersection(f: Float64Array, v: number, q: number, w2: number): number {
  return (f[q]! + w2 * q * q - (f[v]! + w2 * v * v)) / (2 * w2 * (q - v));
}
