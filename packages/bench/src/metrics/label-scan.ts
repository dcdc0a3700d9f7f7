import type { Box } from "./crop.ts";
import type { Vec3 } from "./types.ts";

/** Voxel counts per label and the bounding box of the label in either volume. */
export interface LabelStats {
  gtCount: number;
  predCount: number;
  intersection: number;
  box: Box | null;
}

/** Sorted non-zero values present in a label map (NaN is not a label). */
export function presentLabels(data: ArrayLike<number>): number[] {
  const seen = new Set<number>();
  let last = 0;
  for (let i = 0; i < data.length; i++) {
    const v = data[i]!;
    if (v === 0 || v === last || Number.isNaN(v)) continue;
    seen.add(v);
    last = v;
  }
  return [...seen].sort((a, b) => a - b);
}

const LOOKUP_SIZE = 1 << 16;

/**
 * One pass over both volumes for all labels at once: counts for Dice and, per label, the bounding box of
 * the union of both masks (where the surface computation is cropped).
 */
export function scanLabels(gt: ArrayLike<number>, pred: ArrayLike<number>, dims: Vec3, labels: number[]) {
  const n = labels.length;
  const lookup = new Int32Array(LOOKUP_SIZE).fill(-1);
  const other = new Map<number, number>();
  labels.forEach((label, slot) => {
    if (Number.isInteger(label) && label >= 0 && label < LOOKUP_SIZE) lookup[label] = slot;
    else other.set(label, slot);
  });
  const slotOf = (v: number) =>
    (v | 0) === v && v >= 0 && v < LOOKUP_SIZE ? lookup[v]! : (other.get(v) ?? -1);
  const counts = new Float64Array(3 * n);
  const lo = new Int32Array(3 * n).fill(0x7fffffff);
  const hi = new Int32Array(3 * n).fill(-1);
  const mark = (s: number, i: number, j: number, k: number) => {
    if (i < lo[3 * s]!) lo[3 * s] = i;
    if (i > hi[3 * s]!) hi[3 * s] = i;
    if (j < lo[3 * s + 1]!) lo[3 * s + 1] = j;
    if (j > hi[3 * s + 1]!) hi[3 * s + 1] = j;
    if (k < lo[3 * s + 2]!) lo[3 * s + 2] = k;
    if (k > hi[3 * s + 2]!) hi[3 * s + 2] = k;
  };
  const [nx, ny, nz] = dims;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        const g = gt[idx]!;
        const p = pred[idx]!;
        if (g === 0 && p === 0) continue;
        const sg = g === 0 ? -1 : slotOf(g);
        const sp = p === 0 ? -1 : p === g ? sg : slotOf(p);
        if (sg >= 0) {
          counts[3 * sg]!++;
          mark(sg, i, j, k);
        }
        if (sp >= 0) {
          counts[3 * sp + 1]!++;
          if (sp === sg) counts[3 * sp + 2]!++;
          else mark(sp, i, j, k);
        }
      }
    }
  }
  return labels.map((_, s): LabelStats => {
    const box: Box | null =
      hi[3 * s]! < 0
        ? null
        : {
            min: [lo[3 * s]!, lo[3 * s + 1]!, lo[3 * s + 2]!],
            max: [hi[3 * s]!, hi[3 * s + 1]!, hi[3 * s + 2]!],
          };
    return { gtCount: counts[3 * s]!, predCount: counts[3 * s + 1]!, intersection: counts[3 * s + 2]!, box };
  });
}
