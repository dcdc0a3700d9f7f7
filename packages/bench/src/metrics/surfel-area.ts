import { NEIGHBOUR_CODE_TO_NORMALS } from "./normals-table.ts";
import type { Vec3 } from "./types.ts";

/**
 * Surfel area (mm²) for each of the 256 2×2×2 neighbour codes at this spacing, as surface-distance's
 * create_table_neighbour_code_to_surface_area: each triangle normal is scaled by the area of the face
 * orthogonal to its axis, and the lengths are summed in table order.
 */
export function surfaceAreaTable(spacing: Vec3): Float64Array {
  const [s0, s1, s2] = spacing;
  const table = new Float64Array(256);
  for (let code = 0; code < 256; code++) {
    let sum = 0;
    for (const n of NEIGHBOUR_CODE_TO_NORMALS[code]!) {
      const x = n[0]! * s1 * s2;
      const y = n[1]! * s0 * s2;
      const z = n[2]! * s0 * s1;
      // np.linalg.norm of a 3-vector: sqrt of the dot product, accumulated left to right.
      sum += Math.sqrt(x * x + y * y + z * z);
    }
    table[code] = sum;
  }
  return table;
}

/**
 * Contour length (mm) for each of the 16 2×2 neighbour codes, as create_table_neighbour_code_to_contour_length.
 * Bit weights: 8 = (i-1, j-1), 4 = (i-1, j), 2 = (i, j-1), 1 = (i, j).
 */
export function contourLengthTable(spacing: readonly [number, number]): Float64Array {
  const vertical = spacing[0];
  const horizontal = spacing[1];
  const diag = 0.5 * Math.sqrt(vertical * vertical + horizontal * horizontal);
  const table = new Float64Array(16);
  for (const code of [0b0001, 0b0010, 0b0100, 0b0111, 0b1000, 0b1011, 0b1101, 0b1110]) table[code] = diag;
  table[0b0011] = horizontal;
  table[0b1100] = horizontal;
  table[0b0101] = vertical;
  table[0b1010] = vertical;
  table[0b0110] = 2 * diag;
  table[0b1001] = 2 * diag;
  return table;
}
