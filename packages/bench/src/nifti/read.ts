import { open } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { readGzip } from "./read-gzip.ts";
import { readPlain } from "./read-plain.ts";
import type { NiftiVolume } from "./types.ts";

async function openFile(path: string) {
  try {
    return await open(path, "r");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new AppError("INPUT", `${path}: NIfTI file not found`);
    if (code === "EISDIR")
      throw new AppError("INPUT", `${path}: is a directory, expected a .nii or .nii.gz file`);
    throw new AppError("INPUT", `${path}: cannot open NIfTI file (${code ?? String(e)})`, { cause: e });
  }
}

/**
 * Reads a single-file NIfTI-1 volume (.nii or .nii.gz). Compression is recognised by the gzip magic
 * bytes (1f 8b, RFC 1952), not by the file name. Bad input throws AppError("INPUT") naming the file.
 */
export async function readNifti(path: string): Promise<NiftiVolume> {
  const file = await openFile(path);
  try {
    if (!(await file.stat()).isFile()) {
      throw new AppError("INPUT", `${path}: is a directory or device, expected a .nii or .nii.gz file`);
    }
    const magic = new Uint8Array(2);
    const { bytesRead } = await file.read(magic, 0, 2, 0);
    if (bytesRead === 2 && magic[0] === 0x1f && magic[1] === 0x8b) return await readGzip(path);
    return await readPlain(file, path);
  } finally {
    await file.close();
  }
}
