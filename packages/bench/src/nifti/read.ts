import { constants } from "node:fs";
import { type FileHandle, open } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import type { NiftiReadOptions } from "./limits.ts";
import type { VoxelProgress } from "./progress.ts";
import { readGzip } from "./read-gzip.ts";
import { readPlain } from "./read-plain.ts";
import type { NiftiVolume } from "./types.ts";

// O_NONBLOCK: opening a FIFO without a writer would otherwise wait forever (fifo(7)); for a regular
// file the flag changes nothing. The file type is then checked on the open descriptor (no race).
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK;

async function openFile(path: string): Promise<FileHandle> {
  try {
    return await open(path, OPEN_FLAGS);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("INPUT", `${path}: NIfTI file not found`);
    if (code === "EISDIR")
      throw new AppError("INPUT", `${path}: is a directory, expected a .nii or .nii.gz file`);
    throw new AppError("INPUT", `${path}: cannot open NIfTI file (${code ?? String(e)})`, { cause: e });
  }
}

async function checkRegularFile(file: FileHandle, path: string): Promise<void> {
  const stat = await file.stat();
  if (stat.isFile()) return;
  const kind = stat.isDirectory()
    ? "a directory"
    : stat.isFIFO()
      ? "a named pipe (FIFO)"
      : stat.isSocket()
        ? "a socket"
        : "a device";
  throw new AppError("INPUT", `${path}: is ${kind}, expected a .nii or .nii.gz file`);
}

/**
 * Reads a single-file NIfTI-1 volume (.nii or .nii.gz). Compression is recognised by the gzip magic
 * bytes (1f 8b, RFC 1952), not by the file name. Bad input throws AppError("INPUT") naming the file;
 * a header that promises more voxels than the file can hold or the device can keep is refused before
 * the voxels are allocated (see limits.ts).
 */
export async function readNifti(
  path: string,
  options: NiftiReadOptions = {},
  progress?: VoxelProgress,
): Promise<NiftiVolume> {
  const file = await openFile(path);
  try {
    await checkRegularFile(file, path);
    const magic = new Uint8Array(2);
    const { bytesRead } = await file.read(magic, 0, 2, 0);
    if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b)
      return await readGzip(file, path, options, progress);
    return await readPlain(file, path, options, progress);
  } finally {
    await file.close();
  }
}
