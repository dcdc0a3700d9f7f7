import type { Rng } from "./prng.ts";

/**
 * Adds approximately Gaussian noise N(0, sd²) by the central limit theorem: the Irwin–Hall sum of four
 * uniforms has variance 4/12, so (Σu − 2)·√3 has unit variance (tails cut at ±3.46 SD, which CT noise
 * never needs). Box–Muller would need Math.log and Math.cos, whose results the spec does not pin.
 * Each 32-bit word yields two 16-bit uniforms, so one voxel costs two generator steps.
 */
export function addNoise(data: Float32Array, sd: number, rng: Rng): void {
  // Four discrete uniforms on {0..65535}: mean 4·32767.5, SD √(4·(65536² − 1)/12) ≈ 65536/√3.
  const scale = (Math.sqrt(3) * sd) / 65536;
  const mean = 4 * 32767.5;
  for (let i = 0; i < data.length; i++) {
    const a = rng.nextU32();
    const b = rng.nextU32();
    const sum = (a >>> 16) + (a & 0xffff) + (b >>> 16) + (b & 0xffff);
    data[i] = data[i]! + (sum - mean) * scale;
  }
}
