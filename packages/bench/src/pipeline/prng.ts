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
