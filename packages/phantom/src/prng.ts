/**
 * The phantom's only source of randomness. Every draw is integer arithmetic on 32-bit words, so a seed
 * gives the same phantom on every CPU, OS and JavaScript engine. Math.random is never used.
 */
export interface Rng {
  /** Next 32-bit output as an unsigned integer. */
  nextU32(): number;
  /** Uniform in [0, 1) with 32-bit resolution. */
  uniform(): number;
  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number;
}

/**
 * splitmix32 step (bryc's 32-bit port of Vigna's SplitMix64, finaliser constants from the Hash
 * Prospector): expands one seed word into well-mixed, independent state words.
 */
export function splitmix32(state: { s: number }): number {
  state.s = (state.s + 0x9e3779b9) | 0;
  let t = state.s ^ (state.s >>> 16);
  t = Math.imul(t, 0x21f0aaad);
  t ^= t >>> 15;
  t = Math.imul(t, 0x735a2d97);
  return (t ^ (t >>> 15)) >>> 0;
}

/**
 * sfc32, Chris Doty-Humphrey's "Small Fast Counting" generator from PractRand (128-bit state, passes
 * PractRand to at least 2^40 bytes): t = a + b + d; d += 1; a = b ^ b>>9; b = c + c<<3; c = rotl(c, 21) + t.
 */
export function sfc32(a0: number, b0: number, c0: number, d0: number): () => number {
  let a = a0 | 0;
  let b = b0 | 0;
  let c = c0 | 0;
  let d = d0 | 0;
  return () => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
}

/** sfc32 with its four state words from splitmix32(seed), first 12 outputs discarded as PractRand seeds it. */
export function createRng(seed: number): Rng {
  const sm = { s: seed | 0 };
  const nextU32 = sfc32(splitmix32(sm), splitmix32(sm), splitmix32(sm), splitmix32(sm));
  for (let i = 0; i < 12; i++) nextU32();
  const uniform = (): number => nextU32() / 4294967296;
  return { nextU32, uniform, range: (lo, hi) => lo + (hi - lo) * uniform() };
}

/** Seed of one case: a split's base seed and the case index, mixed so neighbouring cases are unrelated. */
export function caseSeed(splitSeed: number, index: number): number {
  const sm = { s: (splitSeed ^ Math.imul(index + 1, 0x85ebca6b)) | 0 };
  splitmix32(sm);
  return splitmix32(sm);
}
