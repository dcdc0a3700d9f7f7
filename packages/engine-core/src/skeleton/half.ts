const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** IEEE 754 binary16 bits → number. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? Number.NaN : sign * Number.POSITIVE_INFINITY;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

/** number → IEEE 754 binary16 bits, round to nearest even (callers pass normal, in-range values). */
export function numberToHalf(v: number): number {
  f32[0] = v;
  const x = u32[0] as number;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp <= 0) return sign; // below binary16's normal range: the filler flushes these to zero anyway
  if (exp >= 31) return sign | 0x7bff; // largest finite binary16
  const round = mant & 0x1fff;
  mant >>>= 13;
  let h = sign | (exp << 10) | mant;
  if (round > 0x1000 || (round === 0x1000 && mant & 1)) h += 1;
  return (h & 0x7fff) >= 0x7c00 ? sign | 0x7bff : h;
}

/** bfloat16 bits → number (the high half of a binary32). */
export function bfloatToNumber(h: number): number {
  u32[0] = (h & 0xffff) << 16;
  return f32[0] as number;
}

/** number → bfloat16 bits, round to nearest even. */
export function numberToBfloat(v: number): number {
  f32[0] = v;
  const x = u32[0] as number;
  return ((x + 0x7fff + ((x >>> 16) & 1)) >>> 16) & 0xffff;
}
