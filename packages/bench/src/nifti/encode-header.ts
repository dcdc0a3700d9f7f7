import { AppError } from "@edgeseg/protocol";
import { datatypeByType } from "./datatypes.ts";
import { MIN_VOX_OFFSET } from "./header.ts";
import { affineToQform } from "./quaternion.ts";
import type { NiftiWriteInput } from "./types.ts";

const XFORM_SCANNER_ANAT = 1;
const UNITS_MM = 2;

/**
 * Default voxel → world matrix when the caller gives none: diag(spacing) with the first voxel at
 * the origin, i.e. i → R, j → A, k → S (axcodes RAS).
 */
export function defaultAffine(spacing: readonly [number, number, number]): number[][] {
  return [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
    [0, 0, 0, 1],
  ];
}

function checkInput(input: NiftiWriteInput, path: string): void {
  const bad = (problem: string) => new AppError("INPUT", `cannot write ${path}: ${problem}`);
  if (!input.dims.every((d) => Number.isInteger(d) && d > 0 && d <= 32767)) {
    throw bad(`dims ${input.dims.join("×")} must be integers in 1..32767 (NIfTI-1 stores int16)`);
  }
  if (!input.spacing.every((s) => s > 0 && Number.isFinite(s))) {
    throw bad(`spacing ${input.spacing.join(", ")} must be positive`);
  }
  const { ctor } = datatypeByType(input.voxelType);
  if (!(input.data instanceof ctor))
    throw bad(`data is not a ${ctor.name} for voxel type ${input.voxelType}`);
  const n = input.dims[0] * input.dims[1] * input.dims[2];
  if (input.data.length !== n) throw bad(`data has ${input.data.length} voxels, dims say ${n}`);
}

/**
 * The 352 bytes before the voxels of a single-file NIfTI-1 (nifti1.h field offsets): the 348-byte
 * header, magic "n+1", then 4 zero bytes (no extensions). Little-endian; qform and sform both carry
 * the affine with code 1 (scanner anatomical), the qform as nifti_mat44_to_quatern derives it.
 */
export function encodeHeader(input: NiftiWriteInput, path: string): Uint8Array {
  checkInput(input, path);
  const bytes = new Uint8Array(MIN_VOX_OFFSET);
  const v = new DataView(bytes.buffer);
  const { code, ctor } = datatypeByType(input.voxelType);
  const affine = input.affine ?? defaultAffine(input.spacing);
  const { qform } = affineToQform(affine);
  const f32 = (at: number, values: readonly number[]) => {
    for (const [i, x] of values.entries()) v.setFloat32(at + 4 * i, x, true);
  };
  v.setInt32(0, 348, true);
  bytes[38] = 0x72; // regular = 'r', as nibabel and nifti1_io write it
  for (const [i, d] of [3, ...input.dims, 1, 1, 1, 1].entries()) v.setInt16(40 + 2 * i, d, true);
  v.setInt16(70, code, true);
  v.setInt16(72, ctor.BYTES_PER_ELEMENT * 8, true);
  f32(76, [qform.qfac, ...input.spacing, 0, 0, 0, 0]);
  v.setFloat32(108, MIN_VOX_OFFSET, true);
  v.setFloat32(112, input.slope ?? 1, true);
  v.setFloat32(116, input.inter ?? 0, true);
  bytes[123] = UNITS_MM;
  const descrip = (input.description ?? "edgeseg").replace(/[^\x20-\x7e]/g, "?").slice(0, 79);
  for (let i = 0; i < descrip.length; i++) bytes[148 + i] = descrip.charCodeAt(i);
  v.setInt16(252, XFORM_SCANNER_ANAT, true);
  v.setInt16(254, XFORM_SCANNER_ANAT, true);
  f32(256, [qform.b, qform.c, qform.d, ...qform.offset]);
  for (let r = 0; r < 3; r++) f32(280 + 16 * r, affine[r]!.slice(0, 4));
  bytes.set([0x6e, 0x2b, 0x31, 0], 344); // "n+1\0"
  return bytes;
}
