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
  let rows: Float64Array | undefined;
  let rowReady: Uint8Array | undefined;
  return {
    from: [fromW, fromH],
    to: [toW, toH],
    bilinear(src, srcOffset, dst, dstOffset, map = IDENTITY) {
      xs ??= linearAxis(fromW, toW);
      ys ??= linearAxis(fromH, toH);
      // Separable, in PyTorch's order: each needed source row is interpolated along x once (taps clipped
      // first), then output rows blend two of those rows. Float64 rows: the same arithmetic as 2D taps.
      rows ??= new Float64Array(fromH * toW);
      rowReady ??= new Uint8Array(fromH);
      rowReady.fill(0);
      const { lo, hi, mul, add } = map;
      const row = (r: number) => {
        if (rowReady![r] === 1) return r * toW;
        rowReady![r] = 1;
        const s = srcOffset + r * fromW;
        const base = r * toW;
        for (let x = 0; x < toW; x++) {
          const a = Math.min(Math.max(src[s + xs!.i0[x]!]!, lo), hi);
          const b = Math.min(Math.max(src[s + xs!.i1[x]!]!, lo), hi);
          const w = xs!.w1[x]!;
          rows![base + x] = (1 - w) * a + w * b;
        }
        return base;
      };
      for (let y = 0; y < toH; y++) {
        const top = row(ys.i0[y]!);
        const bottom = row(ys.i1[y]!);
        const w = ys.w1[y]!;
        const out = dstOffset + y * toW;
        for (let x = 0; x < toW; x++)
          dst[out + x] = ((1 - w) * rows[top + x]! + w * rows[bottom + x]!) * mul + add;
      }
    },
    nearest(src, srcOffset, dst, dstOffset, lut) {
      nx ??= nearestAxis(fromW, toW);
      ny ??= nearestAxis(fromH, toH);
      for (let y = 0; y < toH; y++) {
        const row = srcOffset + ny[y]! * fromW;
        const out = dstOffset + y * toW;
        // Upsampling repeats source rows: copy the row just written instead of resampling it again.
        if (y > 0 && ny[y] === ny[y - 1]) {
          dst.copyWithin(out, out - toW, out);
          continue;
        }
        if (lut) for (let x = 0; x < toW; x++) dst[out + x] = lut[src[row + nx[x]!]!]!;
        else for (let x = 0; x < toW; x++) dst[out + x] = src[row + nx[x]!]!;
      }
    },
  };
}
