import type { NiftiVolume } from "./types.ts";

/**
 * Axial slice k (all i, j at that k; index i + nx * j) as float32 with scl_slope / scl_inter applied.
 * Pass `out` (length nx * ny) to reuse one buffer across slices.
 */
export function sliceToFloat32(vol: NiftiVolume, k: number, out?: Float32Array): Float32Array {
  const [nx, ny, nz] = vol.dims;
  if (!Number.isInteger(k) || k < 0 || k >= nz) throw new RangeError(`slice ${k} is outside 0..${nz - 1}`);
  const n = nx * ny;
  const target = out ?? new Float32Array(n);
  if (target.length !== n) throw new RangeError(`output has ${target.length} elements, a slice has ${n}`);
  const src = vol.data.subarray(k * n, (k + 1) * n);
  const { slope, inter } = vol;
  if (slope === 1 && inter === 0) {
    target.set(src);
  } else {
    for (let i = 0; i < n; i++) target[i] = src[i]! * slope + inter;
  }
  return target;
}
