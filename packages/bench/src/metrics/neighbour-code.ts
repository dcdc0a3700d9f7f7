import type { Vec3 } from "./types.ts";

/**
 * 2×2×2 neighbour code of every corner point of a padded 0/1 grid: surface-distance correlates the crop
 * with ENCODE_NEIGHBOURHOOD_3D_KERNEL ([[[128, 64], [32, 16]], [[8, 4], [2, 1]]]) under a zero border,
 * so the voxel at offset -(d0, d1, d2), d ∈ {0, 1}, sets bit 4·d0 + 2·d1 + d2. The d0 = 1 half of a
 * code is the d0 = 0 half of the previous point on the row, hence the shift.
 */
export function neighbourCodes3D(grid: Uint8Array, size: Vec3): Uint8Array {
  const [n0, n1, n2] = size;
  const s1 = n0;
  const s2 = n0 * n1;
  const codes = new Uint8Array(grid.length);
  for (let z = 0; z < n2; z++) {
    for (let y = 0; y < n1; y++) {
      const row = s1 * y + s2 * z;
      let previous = 0;
      for (let x = 0; x < n0; x++) {
        const p = row + x;
        let low = grid[p]!;
        if (z > 0) low |= grid[p - s2]! << 1;
        if (y > 0) low |= grid[p - s1]! << 2;
        if (y > 0 && z > 0) low |= grid[p - s1 - s2]! << 3;
        codes[p] = (previous << 4) | low;
        previous = low;
      }
    }
  }
  return codes;
}

/**
 * 2×2 neighbour code (ENCODE_NEIGHBOURHOOD_2D_KERNEL [[8, 4], [2, 1]]): the voxel at offset -(d0, d1)
 * sets bit 2·d0 + d1. The grid is 2D, stored with n2 = 1.
 */
export function neighbourCodes2D(grid: Uint8Array, size: Vec3): Uint8Array {
  const [n0, n1] = size;
  const codes = new Uint8Array(grid.length);
  for (let y = 0; y < n1; y++) {
    let previous = 0;
    for (let x = 0; x < n0; x++) {
      const p = n0 * y + x;
      const low = grid[p]! | (y > 0 ? grid[p - n0]! << 1 : 0);
      codes[p] = (previous << 2) | low;
      previous = low;
    }
  }
  return codes;
}

/** Surface points: codes that are neither all-outside (0) nor all-inside (`full`). */
export function borderMask(codes: Uint8Array, full: number): { border: Uint8Array; count: number } {
  const border = new Uint8Array(codes.length);
  let count = 0;
  for (let p = 0; p < codes.length; p++) {
    const c = codes[p]!;
    if (c !== 0 && c !== full) {
      border[p] = 1;
      count++;
    }
  }
  return { border, count };
}
