import type { Vec3 } from "./types.ts";

/** Inclusive voxel bounding box [min, max] per axis. */
export interface Box {
  readonly min: Vec3;
  readonly max: Vec3;
}

/** Which voxels are foreground: equal to a label, or any non-zero value. */
export type Match = number | "nonzero";

/** Bounding box of the voxels where `a` or `b` matches; null when neither has any. */
export function unionBoundingBox(a: ArrayLike<number>, b: ArrayLike<number>, dims: Vec3, match: Match) {
  const [nx, ny, nz] = dims;
  const min = [nx, ny, nz];
  const max = [-1, -1, -1];
  const hit = match === "nonzero" ? (v: number) => v !== 0 : (v: number) => v === match;
  for (let k = 0, idx = 0; k < nz; k++) {
    for (let j = 0; j < ny; j++) {
      for (let i = 0; i < nx; i++, idx++) {
        if (!hit(a[idx]!) && !hit(b[idx]!)) continue;
        if (i < min[0]!) min[0] = i;
        if (i > max[0]!) max[0] = i;
        if (j < min[1]!) min[1] = j;
        if (j > max[1]!) max[1] = j;
        if (k < min[2]!) min[2] = k;
        if (k > max[2]!) max[2] = k;
      }
    }
  }
  if (max[0] === -1) return null;
  return { min: min as unknown as Vec3, max: max as unknown as Vec3 } satisfies Box;
}

/**
 * Copies the box into a 0/1 grid with `pad` extra zero voxels on the high side of each axis, as
 * surface-distance's _crop_to_bounding_box (one voxel at the high side; the low side is covered by the
 * correlation's zero border). Returns the grid and its dims.
 */
export function cropPadded(data: ArrayLike<number>, dims: Vec3, box: Box, pad: Vec3, match: Match) {
  const [nx, ny] = dims;
  const size: Vec3 = [0, 1, 2].map((a) => box.max[a]! - box.min[a]! + 1 + pad[a]!) as unknown as Vec3;
  const out = new Uint8Array(size[0] * size[1] * size[2]);
  const [x0, y0, z0] = box.min;
  const w = box.max[0] - x0 + 1;
  for (let z = 0; z <= box.max[2] - z0; z++) {
    for (let y = 0; y <= box.max[1] - y0; y++) {
      const src = x0 + nx * (y0 + y + ny * (z0 + z));
      const dst = size[0] * (y + size[1] * z);
      if (match === "nonzero") for (let x = 0; x < w; x++) out[dst + x] = data[src + x] !== 0 ? 1 : 0;
      else for (let x = 0; x < w; x++) out[dst + x] = data[src + x] === match ? 1 : 0;
    }
  }
  return { grid: out, size };
}
