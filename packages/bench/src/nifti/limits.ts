import { constants } from "node:buffer";
import { totalmem } from "node:os";
import { AppError } from "@edgeseg/protocol";
import type { ParsedHeader } from "./header.ts";

export interface NiftiReadOptions {
  /**
   * Largest voxel buffer this read may allocate, in bytes. Default: half of this device's RAM (the
   * volume is only the start of a benchmark's working set), never more than one Node buffer can hold.
   */
  readonly maxBytes?: number;
}

/** zlib's deflate cannot compress better than 1032:1 (zlib technical details, "Maximum compression factor"). */
export const MAX_DEFLATE_RATIO = 1032;

export function defaultMaxBytes(): number {
  return Math.min(constants.MAX_LENGTH, Math.floor(totalmem() / 2));
}

const gib = (bytes: number) => `${(bytes / 2 ** 30).toFixed(bytes < 2 ** 30 ? 3 : 1)} GiB`;

/**
 * Refuses a header whose voxels cannot exist in this file or cannot fit on this device, before a
 * byte of them is allocated or inflated. `compressedBytes` is the .nii.gz file's size (absent for .nii).
 */
export function checkDeclaredSize(
  path: string,
  header: ParsedHeader,
  options: NiftiReadOptions,
  compressedBytes?: number,
): void {
  const what = `${header.dims.join("×")} ${header.voxelType} voxels`;
  const maxBytes = options.maxBytes ?? defaultMaxBytes();
  if (header.dataBytes > maxBytes) {
    const why = options.maxBytes === undefined ? ", half its memory" : "";
    throw new AppError(
      "INPUT",
      `${path}: the header promises ${what} (${gib(header.dataBytes)}), more than this device can hold ` +
        `(limit ${gib(maxBytes)}${why}) — is the header corrupt? Otherwise crop or downsample the volume`,
    );
  }
  const end = header.voxOffset + header.dataBytes;
  if (compressedBytes !== undefined && end > compressedBytes * MAX_DEFLATE_RATIO) {
    throw new AppError(
      "INPUT",
      `${path}: the header promises ${what} (${end} bytes decompressed) but a ${compressedBytes}-byte gzip ` +
        `file cannot inflate to more than ${compressedBytes * MAX_DEFLATE_RATIO} — the header is corrupt or the file is truncated`,
    );
  }
}

/** The allocation itself may still fail (address space, a container's limit): say so in one line. */
export function allocateVoxels(path: string, header: ParsedHeader): Uint8Array {
  try {
    return new Uint8Array(header.dataBytes);
  } catch (e) {
    throw new AppError(
      "INPUT",
      `${path}: the header promises ${header.dims.join("×")} ${header.voxelType} voxels ` +
        `(${gib(header.dataBytes)}), more than this process can hold — is the header corrupt?`,
      { cause: e },
    );
  }
}
