import type { ParsedHeader } from "./header.ts";

/** Hooks a reader calls while the voxels arrive (stream.ts builds a volume usable slice by slice). */
export interface VoxelProgress {
  /** The header is parsed and checked, and the (still empty) voxel buffer exists. */
  allocated(header: ParsedHeader, data: Uint8Array): void;
  /** The first `bytes` bytes of the voxel buffer are filled. */
  filled(bytes: number): void;
}
