export { aff2axcodes } from "./axcodes.ts";
export { defaultAffine } from "./encode-header.ts";
export { labelData } from "./labels.ts";
export { defaultMaxBytes, type NiftiReadOptions } from "./limits.ts";
export { readNifti } from "./read.ts";
export { sliceToFloat32 } from "./slice.ts";
export { openNiftiStream, type StreamedNifti } from "./stream.ts";
export type { NiftiVolume, NiftiWriteInput, VoxelArray, VoxelType } from "./types.ts";
export { GZIP_LEVEL, writeNifti } from "./write.ts";
