import { once } from "node:events";
import { createWriteStream } from "node:fs";
import { constants, crc32, deflateRawSync, gzipSync } from "node:zlib";

const SEGMENT = 1 << 20;
// One MiB of zeros as a byte-aligned deflate segment that refers to no earlier data (Z_FULL_FLUSH,
// RFC 1951 §3.2.4 empty stored block), so repeating it N times is a valid deflate stream of N MiB.
const ZERO_SEGMENT = deflateRawSync(Buffer.alloc(SEGMENT), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
const FINAL_BLOCK = deflateRawSync(Buffer.alloc(0));
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);

/** x ↦ crc32(1 MiB of zeros, x) is affine over GF(2): columns of its matrix and its constant. */
type Affine = { cols: number[]; add: number };
const apply = (f: Affine, x: number) => {
  let out = f.add;
  for (let i = 0; i < 32; i++) if ((x >>> i) & 1) out ^= f.cols[i]!;
  return out >>> 0;
};
const compose = (f: Affine, g: Affine): Affine => ({
  cols: g.cols.map((c) => apply(f, c) ^ f.add),
  add: apply(f, g.add),
});
const zeros = Buffer.alloc(SEGMENT);
const ONE_MIB: Affine = (() => {
  const add = crc32(zeros, 0);
  return { cols: Array.from({ length: 32 }, (_, i) => (crc32(zeros, 2 ** i) ^ add) >>> 0), add };
})();

/** crc32 of `mib` MiB of zeros (RFC 1952 CRC-32), by squaring instead of hashing them. */
function zeroCrc(mib: number): number {
  let result = 0;
  let power = ONE_MIB;
  for (let n = mib; n > 0; n = Math.floor(n / 2)) {
    if (n % 2) result = apply(power, result);
    power = compose(power, power);
  }
  return result;
}

/**
 * Writes a valid two-member gzip file (RFC 1952 §2.2): `prefix`, then `mib` MiB of zeros, small on
 * disk (~1 KiB per MiB) and written as a stream, never held inflated. Used to build gzip bombs and
 * huge-but-genuine volumes.
 */
export async function writeZeroGzip(path: string, prefix: Uint8Array, mib: number): Promise<number> {
  const out = createWriteStream(path);
  const write = async (b: Uint8Array) => {
    if (!out.write(b)) await once(out, "drain");
  };
  await write(gzipSync(prefix));
  await write(GZIP_HEADER);
  for (let i = 0; i < mib; i++) await write(ZERO_SEGMENT);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zeroCrc(mib), 0);
  trailer.writeUInt32LE((mib * SEGMENT) % 2 ** 32, 4);
  await write(Buffer.concat([FINAL_BLOCK, trailer]));
  out.end();
  await once(out, "finish");
  return out.bytesWritten;
}
