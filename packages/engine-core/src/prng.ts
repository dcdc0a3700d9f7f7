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
