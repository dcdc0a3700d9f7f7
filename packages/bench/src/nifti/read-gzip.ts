import type { FileHandle } from "node:fs/promises";
import { createGunzip } from "node:zlib";
import { AppError } from "@edgeseg/protocol";
import { HEADER_SIZE, type ParsedHeader, parseHeader } from "./header.ts";
import { allocateVoxels, checkDeclaredSize, type NiftiReadOptions } from "./limits.ts";
import type { VoxelProgress } from "./progress.ts";
import type { NiftiVolume } from "./types.ts";
import { toVolume } from "./volume.ts";

const CHUNK_BYTES = 1 << 20;

function truncated(path: string, header: ParsedHeader, got: number): AppError {
  return new AppError(
    "INPUT",
    `${path}: truncated data: the header promises ${header.dataBytes} bytes of ` +
      `${header.dims.join("×")} ${header.voxelType} voxels from offset ${header.voxOffset} but the ` +
      `decompressed file ends after ${got} bytes — re-export or re-download it`,
  );
}

function trailing(path: string, header: ParsedHeader): AppError {
  const end = header.voxOffset + header.dataBytes;
  return new AppError(
    "INPUT",
    `${path}: the gzip data goes on past the ${end} bytes its header declares ` +
      `(${header.dims.join("×")} ${header.voxelType} voxels from offset ${header.voxOffset}); ` +
      "the header does not describe this file — re-export it (trailing data is refused, not inflated)",
  );
}

/**
 * .nii.gz: node:zlib inflates as a stream; the header is parsed from the first chunks and the voxels
 * are copied into one pre-sized buffer, so at most one chunk exists beside the volume itself.
 *
 * The header is checked against the file's size and the device before the voxel buffer exists, and
 * inflation stops at the first chunk that passes the declared end: a gzip bomb costs at most one chunk
 * beyond the size its header declares. Trailing data after the declared voxels is therefore refused.
 */
export async function readGzip(
  file: FileHandle,
  path: string,
  options: NiftiReadOptions = {},
  progress?: VoxelProgress,
): Promise<NiftiVolume> {
  const { size } = await file.stat();
  // 1 MiB chunks: with zlib's default 16 KiB, per-chunk stream overhead doubled the read time of a
  // 5 MB volume; one chunk beside the volume is still all the extra memory a read needs.
  const gunzip = createGunzip({ chunkSize: CHUNK_BYTES });
  const source = file.createReadStream({ start: 0, autoClose: false, highWaterMark: CHUNK_BYTES });
  source.on("error", (e) => gunzip.destroy(e));
  source.pipe(gunzip);
  const pending: Buffer[] = [];
  let header: ParsedHeader | undefined;
  let data: Uint8Array | undefined;
  let pos = 0; // position of the current chunk's first byte in the decompressed stream
  try {
    for await (const chunk of gunzip as AsyncIterable<Buffer>) {
      let buf = chunk;
      if (!header) {
        pending.push(chunk);
        if (pos + chunk.length < HEADER_SIZE) {
          pos += chunk.length;
          continue;
        }
        buf = Buffer.concat(pending.splice(0));
        pos = 0;
        header = parseHeader(buf, path);
        checkDeclaredSize(path, header, options, size);
        data = allocateVoxels(path, header);
        progress?.allocated(header, data);
      }
      const dataEnd = header.voxOffset + header.dataBytes;
      const lo = Math.max(pos, header.voxOffset);
      const hi = Math.min(pos + buf.length, dataEnd);
      if (hi > lo) {
        data!.set(buf.subarray(lo - pos, hi - pos), lo - header.voxOffset);
        progress?.filled(hi - header.voxOffset);
      }
      pos += buf.length;
      // Reading to the end lets zlib check the gzip trailer's CRC-32 and length (RFC 1952), so there is
      // no early exit on success; but nothing past the declared end is worth inflating.
      if (pos > dataEnd) throw trailing(path, header);
    }
  } catch (e) {
    if (e instanceof AppError) throw e;
    const reason = e instanceof Error ? e.message : String(e);
    throw new AppError(
      "INPUT",
      `${path}: corrupt or truncated gzip data (${reason}) — re-export or re-download it`,
      {
        cause: e,
      },
    );
  } finally {
    source.unpipe(gunzip);
    source.destroy();
    gunzip.destroy();
  }
  if (!header) parseHeader(Buffer.concat(pending), path); // throws: truncated header
  if (pos < header!.voxOffset + header!.dataBytes) throw truncated(path, header!, pos);
  return toVolume(header!, data!.buffer as ArrayBuffer, !progress);
}
