import { type LinearAxis, linearAxis, nearestAxis } from "./axis.ts";
import type { IntensityMap } from "./intensity.ts";

const IDENTITY: IntensityMap = { lo: -Infinity, hi: Infinity, mul: 1, add: 0 };

/**
 * Resampling between two fixed image sizes, row-major [height][width] planes (row = j, column = i).
 * The tap tables are built once; each call only reads and writes caller-owned arrays.
 */
export interface Resampler {
  readonly from: readonly [width: number, height: number];
  readonly to: readonly [width: number, height: number];
  /**
   * Bilinear (axis.ts convention). With `map`, each tap is clipped to [lo, hi] before interpolating and
   * the result mapped by `* mul + add`: the intensity step happens at native resolution before the
   * resize, as nnU-Net and MedSAM preprocess, and the affine part commutes with interpolation.
   */
  bilinear(
    src: ArrayLike<number>,
    srcOffset: number,
    dst: Float32Array,
    dstOffset: number,
    map?: IntensityMap,
  ): void;
  /** Nearest (axis.ts convention), optionally through a lookup table. */
  nearest(src: Uint8Array, srcOffset: number, dst: Uint8Array, dstOffset: number, lut?: Uint8Array): void;
}

export function createResampler(fromW: number, fromH: number, toW: number, toH: number): Resampler {
  let xs: LinearAxis | undefined;
  let ys: LinearAxis | undefined;
  let nx: Int32Array | undefined;
  let ny: Int32Array | undefined;
  return {
    from: [fromW, fromH],
    to: [toW, toH],
    bilinear(src, srcOffset, dst, dstOffset, map = IDENTITY) {
      xs ??= linearAxis(fromW, toW);
      ys ??= linearAxis(fromH, toH);
      const { lo, hi, mul, add } = map;
      for (let y = 0; y < toH; y++) {
        const r0 = srcOffset + ys.i0[y]! * fromW;
        const r1 = srcOffset + ys.i1[y]! * fromW;
        const wy = ys.w1[y]!;
        const out = dstOffset + y * toW;
        for (let x = 0; x < toW; x++) {
          const c0 = xs.i0[x]!;
          const c1 = xs.i1[x]!;
          const wx = xs.w1[x]!;
          const a = Math.min(Math.max(src[r0 + c0]!, lo), hi);
          const b = Math.min(Math.max(src[r0 + c1]!, lo), hi);
          const c = Math.min(Math.max(src[r1 + c0]!, lo), hi);
          const d = Math.min(Math.max(src[r1 + c1]!, lo), hi);
          // Same weighted-sum form as PyTorch's kernel: (1 - w) * lower + w * upper on each axis.
          const top = (1 - wx) * a + wx * b;
          const bottom = (1 - wx) * c + wx * d;
          dst[out + x] = ((1 - wy) * top + wy * bottom) * mul + add;
        }
      }
    },
    nearest(src, srcOffset, dst, dstOffset, lut) {
      nx ??= nearestAxis(fromW, toW);
      ny ??= nearestAxis(fromH, toH);
      for (let y = 0; y < toH; y++) {
        const row = srcOffset + ny[y]! * fromW;
        const out = dstOffset + y * toW;
        if (lut) for (let x = 0; x < toW; x++) dst[out + x] = lut[src[row + nx[x]!]!]!;
        else for (let x = 0; x < toW; x++) dst[out + x] = src[row + nx[x]!]!;
      }
    },
  };
}
