import { aff2axcodes } from "./axcodes.ts";
import { datatypeByType } from "./datatypes.ts";
import type { ParsedHeader } from "./header.ts";
import type { NiftiVolume } from "./types.ts";

/** Reverses each voxel's bytes in place: the file's byte order differs from this machine's. */
function swapBytes(bytes: Uint8Array, width: number): void {
  if (width === 1) return;
  for (let i = 0; i < bytes.length; i += width) {
    for (let a = i, b = i + width - 1; a < b; a++, b--) {
      const t = bytes[a]!;
      bytes[a] = bytes[b]!;
      bytes[b] = t;
    }
  }
}

const MACHINE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** True when the file's voxels must be byte-swapped to be read on this machine. */
export const needsSwap = (header: ParsedHeader): boolean => header.littleEndian !== MACHINE_LITTLE_ENDIAN;

/** Byte-swaps whole voxels of `bytes` in place (a streamed read swaps each range as it lands). */
export function swapVoxels(bytes: Uint8Array, width: number): void {
  swapBytes(bytes, width);
}

/**
 * Wraps voxel bytes read from disk (exactly header.dataBytes of them) as a NiftiVolume, without
 * copying. `swap`: false when the caller byte-swaps the voxels itself (a streamed read).
 */
export function toVolume(header: ParsedHeader, buffer: ArrayBuffer, swap = true): NiftiVolume {
  if (swap && needsSwap(header)) swapBytes(new Uint8Array(buffer), header.bytesPerVoxel);
  const { ctor } = datatypeByType(header.voxelType);
  return {
    dims: header.dims,
    spacing: header.spacing,
    voxelType: header.voxelType,
    data: new ctor(buffer),
    slope: header.slope,
    inter: header.inter,
    affine: header.affine,
    axcodes: aff2axcodes(header.affine),
  };
}
