import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { NIFTI1, readHeader, readImage } from "nifti-reader-js";
import type { LabelVolume, Vec3 } from "../metrics/types.ts";

/**
 * Test-only NIfTI-1 label reader (little-endian, scl_slope ignored: label maps are stored unscaled), so the
 * metric tests do not depend on the engine's own reader.
 */
export async function readLabelVolume(path: string): Promise<LabelVolume> {
  const file = await readFile(path);
  const bytes = path.endsWith(".gz") ? gunzipSync(file) : file;
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const header = readHeader(buffer);
  const image = readImage(header, buffer);
  const Typed = TYPED[header.datatypeCode];
  if (!Typed || !header.littleEndian) throw new Error(`${path}: unsupported datatype ${header.datatypeCode}`);
  const dims = [1, 2, 3].map((a) => (a <= header.dims[0]! ? header.dims[a]! : 1)) as unknown as Vec3;
  const spacing = [1, 2, 3].map((a) => header.pixDims[a]!) as unknown as Vec3;
  return { dims, spacing, data: new Typed(image) };
}

const TYPED: Record<number, new (b: ArrayBuffer) => ArrayLike<number>> = {
  [NIFTI1.TYPE_UINT8]: Uint8Array,
  [NIFTI1.TYPE_INT8]: Int8Array,
  [NIFTI1.TYPE_INT16]: Int16Array,
  [NIFTI1.TYPE_UINT16]: Uint16Array,
  [NIFTI1.TYPE_INT32]: Int32Array,
  [NIFTI1.TYPE_UINT32]: Uint32Array,
  [NIFTI1.TYPE_FLOAT32]: Float32Array,
  [NIFTI1.TYPE_FLOAT64]: Float64Array,
};

/** A dims-sized 0/1 mask with the voxels lo..hi (inclusive, per axis) set. */
export function boxMask(dims: Vec3, lo: Vec3, hi: Vec3): Uint8Array {
  const mask = new Uint8Array(dims[0] * dims[1] * dims[2]);
  for (let k = lo[2]; k <= hi[2]; k++)
    for (let j = lo[1]; j <= hi[1]; j++)
      for (let i = lo[0]; i <= hi[0]; i++) mask[i + dims[0] * (j + dims[1] * k)] = 1;
  return mask;
}

/**
 * Marching-cubes surface area of an n0×n1×n2-voxel box, derived by hand: face points carry the voxel face
 * area F_a (product of the other two spacings), edge points along axis b a 45° chamfer 0.5·√(ΣF_c², c ≠ b),
 * the 8 corners 0.125·√(F0² + F1² + F2²). `face(a)` is the part on one face orthogonal to axis a,
 * its boundary included.
 */
export function boxArea(n: Vec3, s: Vec3) {
  const F = [s[1] * s[2], s[0] * s[2], s[0] * s[1]] as const;
  const edge = (b: number) => 0.5 * Math.sqrt(F.reduce((sum, f, c) => (c === b ? sum : sum + f * f), 0));
  const corner = 0.125 * Math.hypot(...F);
  const others = (a: number) => [0, 1, 2].filter((b) => b !== a);
  const faceInterior = (a: number) => others(a).reduce((p, b) => p * (n[b]! - 1), 1) * F[a]!;
  const face = (a: number) =>
    faceInterior(a) + others(a).reduce((sum, b) => sum + 2 * (n[b]! - 1) * edge(b), 0) + 4 * corner;
  const total =
    [0, 1, 2].reduce((sum, a) => sum + 2 * faceInterior(a) + 4 * (n[a]! - 1) * edge(a), 0) + 8 * corner;
  return { total, face, faceInterior };
}
