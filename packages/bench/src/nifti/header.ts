import { AppError } from "@edgeseg/protocol";
import { NIFTI1 } from "nifti-reader-js";
import { datatypeByCode, datatypeName, SUPPORTED_TYPES } from "./datatypes.ts";
import { headerAffine } from "./header-affine.ts";
import type { VoxelType } from "./types.ts";

/** Bytes of a NIfTI-1 header (sizeof_hdr) and the smallest single-file vox_offset (nifti1.h). */
export const HEADER_SIZE = 348;
export const MIN_VOX_OFFSET = 352;

export interface ParsedHeader {
  readonly littleEndian: boolean;
  readonly dims: [number, number, number];
  readonly spacing: [number, number, number];
  readonly voxelType: VoxelType;
  readonly bytesPerVoxel: number;
  readonly voxOffset: number;
  readonly dataBytes: number;
  readonly slope: number;
  readonly inter: number;
  readonly affine: number[][];
}

function refuse(path: string, problem: string): never {
  throw new AppError("INPUT", `${path}: ${problem}`);
}

/** Refuses NIfTI-2, Analyze 7.5, header/image pairs and non-NIfTI data before any field is trusted. */
function checkFormat(bytes: Uint8Array, path: string): void {
  if (bytes.length < HEADER_SIZE) {
    refuse(path, `truncated header: ${bytes.length} bytes, a NIfTI-1 header is ${HEADER_SIZE}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const sizes = [view.getInt32(0, true), view.getInt32(0, false)];
  if (sizes.includes(540)) {
    refuse(path, "is a NIfTI-2 file; edgeseg reads NIfTI-1 — convert it (e.g. nibabel: Nifti1Image)");
  }
  if (!sizes.includes(HEADER_SIZE)) refuse(path, "is not a NIfTI-1 file (sizeof_hdr is not 348)");
  const magic = String.fromCharCode(...bytes.subarray(344, 348)).replace(/\0+$/, "");
  if (magic === "ni1") {
    refuse(path, "is the header of a .hdr/.img pair; edgeseg reads single-file .nii or .nii.gz");
  }
  if (magic !== "n+1") {
    refuse(path, `is not a NIfTI-1 file (magic ${JSON.stringify(magic)}, expected "n+1"; Analyze 7.5?)`);
  }
}

function readDims(h: NIFTI1, path: string): [number, number, number] {
  const rank = h.dims[0]!;
  if (!(rank >= 1 && rank <= 7)) refuse(path, `dim[0] = ${rank} is not a number of dimensions (1..7)`);
  const dims = [1, 2, 3, 4, 5, 6, 7].map((i) => (i <= rank ? h.dims[i]! : 1));
  dims.forEach((d, i) => {
    if (d <= 0) refuse(path, `dim[${i + 1}] = ${d}; every dimension must be positive`);
  });
  const extra = dims.slice(3).findIndex((d) => d > 1);
  if (extra >= 0) {
    refuse(
      path,
      `has ${rank} dimensions (dim[${extra + 4}] = ${dims[extra + 3]}); edgeseg reads one 3D volume per ` +
        "file — split it into 3D files (e.g. nibabel's four_to_three or fslsplit) and use one channel each",
    );
  }
  return dims.slice(0, 3) as [number, number, number];
}

function readSpacing(h: NIFTI1, path: string): [number, number, number] {
  const rank = h.dims[0]!;
  return [1, 2, 3].map((i) => {
    const v = Math.abs(h.pixDims[i]!);
    if (v > 0 && Number.isFinite(v)) return v;
    // An axis the image does not have (a 2D slice's k) has no spacing to lose.
    if (i > rank) return 1;
    return refuse(path, `pixdim[${i}] = ${h.pixDims[i]}; the voxel size must be positive`);
  }) as [number, number, number];
}

/** scl_slope 0 or non-finite means "no scaling" (NIfTI-1, as nibabel's get_slope_inter). */
function readScaling(h: NIFTI1, path: string): { slope: number; inter: number } {
  if (h.scl_slope === 0 || !Number.isFinite(h.scl_slope)) return { slope: 1, inter: 0 };
  if (!Number.isFinite(h.scl_inter)) refuse(path, `scl_slope is set but scl_inter is ${h.scl_inter}`);
  return { slope: h.scl_slope, inter: h.scl_inter };
}

/** Parses and validates the first 348 (or more) bytes of a NIfTI-1 file. */
export function parseHeader(bytes: Uint8Array, path: string): ParsedHeader {
  checkFormat(bytes, path);
  const h = new NIFTI1();
  const copy = new Uint8Array(bytes.subarray(0, HEADER_SIZE)); // a copy: Buffer#slice would share a pool
  h.readHeader(copy.buffer);
  const dims = readDims(h, path);
  const dt = datatypeByCode(h.datatypeCode);
  if (!dt) {
    refuse(
      path,
      `voxel datatype ${datatypeName(h.datatypeCode)} (code ${h.datatypeCode}) is not supported; ` +
        `convert it to one of ${SUPPORTED_TYPES.join(", ")}`,
    );
  }
  // vox_offset 0 in a single file means "right after the header" (nibabel fixes it to 352).
  const voxOffset = h.vox_offset === 0 ? MIN_VOX_OFFSET : h.vox_offset;
  if (!(voxOffset >= MIN_VOX_OFFSET) || !Number.isInteger(voxOffset)) {
    refuse(path, `vox_offset = ${h.vox_offset}; a single-file NIfTI-1 needs an integer ≥ ${MIN_VOX_OFFSET}`);
  }
  const spacing = readSpacing(h, path);
  const view = new DataView(copy.buffer);
  const bytesPerVoxel = dt.ctor.BYTES_PER_ELEMENT;
  return {
    littleEndian: h.littleEndian,
    dims,
    spacing,
    voxelType: dt.type,
    bytesPerVoxel,
    voxOffset,
    dataBytes: dims[0] * dims[1] * dims[2] * bytesPerVoxel,
    ...readScaling(h, path),
    affine: headerAffine(h, view, spacing),
  };
}
