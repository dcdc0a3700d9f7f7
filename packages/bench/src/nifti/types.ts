/** Voxel arrays as stored on disk (before scl_slope / scl_inter). */
export type VoxelArray =
  | Uint8Array
  | Int8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export type VoxelType = "uint8" | "int8" | "int16" | "uint16" | "int32" | "uint32" | "float32" | "float64";

/**
 * A NIfTI-1 volume in stored array order: index = i + nx * (j + ny * k), i fastest.
 * 2D images are volumes with nz = 1.
 */
export interface NiftiVolume {
  readonly dims: readonly [nx: number, ny: number, nz: number];
  /** Voxel size in mm from pixdim[1..3], in array axis order i, j, k. */
  readonly spacing: readonly [number, number, number];
  readonly voxelType: VoxelType;
  readonly data: VoxelArray;
  /** scl_slope / scl_inter, already normalised: slope 0 (unset) becomes 1, inter 0. */
  readonly slope: number;
  readonly inter: number;
  /** 4×4 voxel → world (RAS+, mm) matrix: sform when sform_code > 0, else qform, else pixdim scaling. */
  readonly affine: readonly (readonly number[])[];
  /** Anatomical direction each array axis points to, as nibabel's aff2axcodes (e.g. ["L","P","S"]). */
  readonly axcodes: readonly [string, string, string];
}

/** What a NIfTI writer needs; the reader's NiftiVolume satisfies it. */
export interface NiftiWriteInput {
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  readonly voxelType: VoxelType;
  readonly data: VoxelArray;
  readonly slope?: number;
  readonly inter?: number;
  readonly affine?: readonly (readonly number[])[];
  readonly description?: string;
}
