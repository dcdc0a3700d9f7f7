import { createWriteStream } from "node:fs";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import { encodeHeader } from "./encode-header.ts";
import type { NiftiWriteInput } from "./types.ts";

/** Fixed deflate level: the same voxels give the same file on every run of the same Node build. */
export const GZIP_LEVEL = 6;
const CHUNK = 1 << 20;
const MACHINE_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The file's bytes in order, in chunks of at most 1 MiB (voxels are little-endian on disk). */
function* fileChunks(input: NiftiWriteInput, header: Uint8Array): Generator<Uint8Array> {
  yield header;
  const width = input.data.BYTES_PER_ELEMENT;
  const raw = new Uint8Array(input.data.buffer, input.data.byteOffset, input.data.byteLength);
  for (let at = 0; at < raw.length; at += CHUNK) {
    const part = raw.subarray(at, at + CHUNK);
    if (MACHINE_LITTLE_ENDIAN || width === 1) {
      yield part;
      continue;
    }
    const swapped = new Uint8Array(part.length);
    for (let i = 0; i < part.length; i++) swapped[i] = part[i - (i % width) + width - 1 - (i % width)]!;
    yield swapped;
  }
}

/**
 * RFC 1952 header bytes that vary by platform rather than content: node:zlib already writes MTIME 0
 * and no file name; the OS byte (9) is pinned to 3 (Unix) so Windows builds write the same header.
 */
function pinGzipHeader(): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      if (seen <= 9 && seen + chunk.length > 9) chunk[9 - seen] = 3;
      seen += chunk.length;
      done(null, chunk);
    },
  });
}

/**
 * Writes a single-file NIfTI-1 (magic "n+1", vox_offset 352), gzip-compressed when the path ends in
 * ".gz". Without input.affine the volume gets diag(spacing) at the origin (RAS). Streams the voxels,
 * so writing needs no second copy of the volume.
 */
export async function writeNifti(path: string, input: NiftiWriteInput): Promise<void> {
  const header = encodeHeader(input, path);
  const source = Readable.from(fileChunks(input, header), { objectMode: false });
  if (path.endsWith(".gz")) {
    await pipeline(source, createGzip({ level: GZIP_LEVEL }), pinGzipHeader(), createWriteStream(path));
  } else {
    await pipeline(source, createWriteStream(path));
  }
}
