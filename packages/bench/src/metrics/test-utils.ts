import { readFile } from "node:fs/promises";
import { gunzipSync } from "node:zlib";
import { NIFTI1, readHeader, readImage } from "nifti-reader-js";
import type { LabelVolume, Vec3 } from "./types.ts";

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
