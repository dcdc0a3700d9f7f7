/**
 * mulberry32 (Tommy Ettinger, public domain): a 32-bit-state generator, uniform in [0, 1). Small, fast
 * and fully specified, so a box jitter drawn on a Raspberry Pi equals the one drawn on a laptop.
 * Math.random is never used: its sequence cannot be seeded and differs between engines.
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** MurmurHash3's 32-bit finaliser: spreads every input bit over the whole word. */
function fmix32(h: number): number {
  let x = h >>> 0;
  x = Math.imul(x ^ (x >>> 16), 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13), 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * Seed for the box of one organ on one slice. Deriving it from (seed, slice, label) rather than drawing
 * from one running stream makes each box independent of which other slices and organs were prompted,
 * so a subset run or a different organ order reproduces the same boxes.
 */
export function boxSeed(seed: number, slice: number, label: number): number {
  return fmix32(fmix32(fmix32(seed) ^ slice) + label);
}
