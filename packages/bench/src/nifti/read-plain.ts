import type { FileHandle } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { HEADER_SIZE, parseHeader } from "./header.ts";
import { allocateVoxels, checkDeclaredSize, type NiftiReadOptions } from "./limits.ts";
import type { VoxelProgress } from "./progress.ts";
import type { NiftiVolume } from "./types.ts";
import { toVolume } from "./volume.ts";

/** Reads of at most this many bytes when a reader follows the progress (slices become usable as they land). */
const PROGRESS_CHUNK = 4 << 20;

async function readFully(
  file: FileHandle,
  target: Uint8Array,
  position: number,
  onRead?: (done: number) => void,
): Promise<number> {
  let done = 0;
  const step = onRead ? PROGRESS_CHUNK : target.length;
  while (done < target.length) {
    const want = Math.min(step, target.length - done);
    const { bytesRead } = await file.read(target, done, want, position + done);
    if (bytesRead === 0) break;
    done += bytesRead;
    onRead?.(done);
  }
  return done;
}

/**
 * Uncompressed .nii: the voxels are read straight into the volume's own buffer (no extra copy). Bytes
 * after the declared voxels are ignored: they are never read, so they cost nothing (nibabel does the same).
 */
export async function readPlain(
  file: FileHandle,
  path: string,
  options: NiftiReadOptions = {},
  progress?: VoxelProgress,
): Promise<NiftiVolume> {
  const { size } = await file.stat();
  const head = new Uint8Array(Math.min(size, HEADER_SIZE));
  await readFully(file, head, 0);
  const header = parseHeader(head, path);
  const end = header.voxOffset + header.dataBytes;
  if (end > size) {
    throw new AppError(
      "INPUT",
      `${path}: truncated data: the header promises ${header.dataBytes} bytes of ` +
        `${header.dims.join("×")} ${header.voxelType} voxels from offset ${header.voxOffset} ` +
        `(${end} bytes in all) but the file has ${size} bytes — re-export or re-download it`,
    );
  }
  // A sparse file can be as long as its header claims without the device having room for the voxels.
  checkDeclaredSize(path, header, options);
  const data = allocateVoxels(path, header);
  progress?.allocated(header, data);
  const got = await readFully(file, data, header.voxOffset, progress ? (n) => progress.filled(n) : undefined);
  if (got < header.dataBytes) {
    throw new AppError(
      "INPUT",
      `${path}: the file shrank while it was read (${got} of ${header.dataBytes} voxel bytes) — is another program writing it?`,
    );
  }
  return toVolume(header, data.buffer as ArrayBuffer, !progress);
}
