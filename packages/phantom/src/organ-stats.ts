import { LABEL_COUNT } from "./labels.ts";

export interface OrganStats {
  /** Voxels per label value. */
  readonly count: number[];
  /** Mean HU per label over interior voxels (label equal in all six face neighbours), NaN if none. */
  readonly interiorMean: number[];
}

/**
 * Per-organ voxel counts and interior mean HU. Interior voxels exclude the organ's boundary layer,
 * where partial-volume blurring mixes in the neighbours, so the mean is the tissue's own attenuation.
 */
export function organStats(
  image: ArrayLike<number>,
  label: ArrayLike<number>,
  dims: readonly [number, number, number],
): OrganStats {
  const [nx, ny, nz] = dims;
  const count = new Array<number>(LABEL_COUNT).fill(0);
  const sum = new Array<number>(LABEL_COUNT).fill(0);
  const inner = new Array<number>(LABEL_COUNT).fill(0);
  for (let k = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++) {
        const at = i + nx * (j + ny * k);
        const l = label[at]!;
        count[l]!++;
        if (i === 0 || j === 0 || k === 0 || i === nx - 1 || j === ny - 1 || k === nz - 1) continue;
        const plane = nx * ny;
        if (
          label[at - 1] !== l ||
          label[at + 1] !== l ||
          label[at - nx] !== l ||
          label[at + nx] !== l ||
          label[at - plane] !== l ||
          label[at + plane] !== l
        ) {
          continue;
        }
        inner[l]!++;
        sum[l]! += image[at]!;
      }
    }
  }
  return { count, interiorMean: sum.map((s, l) => (inner[l]! > 0 ? s / inner[l]! : Number.NaN)) };
}
