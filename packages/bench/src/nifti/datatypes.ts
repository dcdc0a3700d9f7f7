import type { VoxelArray, VoxelType } from "./types.ts";

type VoxelArrayCtor = {
  new (buffer: ArrayBuffer, byteOffset?: number, length?: number): VoxelArray;
  new (length: number): VoxelArray;
  readonly BYTES_PER_ELEMENT: number;
};

interface Datatype {
  readonly code: number;
  readonly type: VoxelType;
  readonly ctor: VoxelArrayCtor;
}

/** NIfTI-1 datatype codes (nifti1.h, DT_*) for the voxel types edgeseg reads and writes. */
const DATATYPES: readonly Datatype[] = [
  { code: 2, type: "uint8", ctor: Uint8Array },
  { code: 4, type: "int16", ctor: Int16Array },
  { code: 8, type: "int32", ctor: Int32Array },
  { code: 16, type: "float32", ctor: Float32Array },
  { code: 64, type: "float64", ctor: Float64Array },
  { code: 256, type: "int8", ctor: Int8Array },
  { code: 512, type: "uint16", ctor: Uint16Array },
  { code: 768, type: "uint32", ctor: Uint32Array },
];

/** Names of the codes edgeseg refuses, so the message says what the file holds. */
const UNSUPPORTED_NAMES: Record<number, string> = {
  0: "none",
  1: "binary",
  32: "complex64",
  128: "rgb24",
  1024: "int64",
  1280: "uint64",
  1536: "float128",
  1792: "complex128",
  2048: "complex256",
  2304: "rgba32",
};

export function datatypeByCode(code: number): Datatype | undefined {
  return DATATYPES.find((d) => d.code === code);
}

export function datatypeByType(type: VoxelType): Datatype {
  const found = DATATYPES.find((d) => d.type === type);
  if (!found) throw new Error(`unknown voxel type ${type}`);
  return found;
}

export function datatypeName(code: number): string {
  return datatypeByCode(code)?.type ?? UNSUPPORTED_NAMES[code] ?? "unknown";
}

export const SUPPORTED_TYPES: readonly VoxelType[] = DATATYPES.map((d) => d.type);
