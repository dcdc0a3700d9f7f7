import { mulberry32 } from "../prng.ts";
import { numberToBfloat, numberToHalf } from "./half.ts";
import { BYTES_PER_ELEMENT, DTYPE } from "./onnx.ts";
import type { TensorStats } from "./schema.ts";

/** Smallest normal magnitude of each floating type: anything below is flushed to zero (no denormals). */
const MIN_NORMAL: Record<number, number> = {
  [DTYPE.float]: 2 ** -126,
  [DTYPE.double]: 2 ** -1022,
  [DTYPE.float16]: 2 ** -14,
  [DTYPE.bfloat16]: 2 ** -126,
};

/** MurmurHash3's 32-bit finaliser. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/** Seed of one tensor: independent of the others, so filling tensors in any order gives the same bytes. */
export const tensorSeed = (seed: number, index: number): number => fmix32(fmix32(seed) ^ fmix32(index + 1));

/** Elements per generated chunk: the filler holds one chunk of one tensor, never the model. */
export const CHUNK_ELEMENTS = 1 << 20;

/**
 * Yields the tensor's little-endian bytes chunk by chunk: uniform on [mean − √3·std, mean + √3·std]
 * (same mean and standard deviation as the original), clamped to [min, max], denormals flushed to 0.
 * Only +, −, × and comparisons on doubles: the same seed gives the same bytes on every CPU.
 */
export function* generateTensor(stats: TensorStats, seed: number): Generator<Uint8Array> {
  const next = mulberry32(seed);
  const half = Math.sqrt(3) * stats.std;
  const lo = stats.mean - half;
  const width = 2 * half;
  const tiny = MIN_NORMAL[stats.dtype] ?? 0;
  const isInt = stats.dtype === DTYPE.int8 || stats.dtype === DTYPE.uint8;
  const size = BYTES_PER_ELEMENT[stats.dtype];
  for (let done = 0; done < stats.count; done += CHUNK_ELEMENTS) {
    const n = Math.min(CHUNK_ELEMENTS, stats.count - done);
    const buf = Buffer.alloc(n * size);
    const f32 = stats.dtype === DTYPE.float ? new Float32Array(buf.buffer, buf.byteOffset, n) : null;
    const f64 = stats.dtype === DTYPE.double ? new Float64Array(buf.buffer, buf.byteOffset, n) : null;
    const u16 = size === 2 ? new Uint16Array(buf.buffer, buf.byteOffset, n) : null;
    for (let i = 0; i < n; i++) {
      let v = lo + width * next();
      if (v < stats.min) v = stats.min;
      if (v > stats.max) v = stats.max;
      if (isInt) v = Math.round(v);
      else if (Math.abs(Math.fround(v)) < tiny || Math.abs(v) < tiny) v = 0;
      if (f32) f32[i] = v;
      else if (f64) f64[i] = v;
      else if (u16) u16[i] = stats.dtype === DTYPE.float16 ? numberToHalf(v) : numberToBfloat(v);
      else if (stats.dtype === DTYPE.int8) buf.writeInt8(v, i);
      else buf[i] = v;
    }
    yield buf;
  }
}
