import type { Preprocessing } from "@edgeseg/engine-core";
import type { IntensityMap } from "./intensity.ts";
import { createResampler, type Resampler } from "./resample.ts";

/**
 * Writes native slices into a model's NCHW input. The 2D image of slice k has H = ny rows and W = nx
 * columns (row j, column i), i.e. the stored order of the volume. Order of operations, as the reference
 * preprocessing (nnU-Net, MedSAM) does it: intensity at native resolution, then bilinear resize
 * (PyTorch F.interpolate, align_corners=False, no antialias), then `* scale + offset`, then the grey
 * plane is replicated into every channel.
 */
export interface SlicePreprocessor {
  readonly channels: number;
  readonly height: number;
  readonly width: number;
  /** Elements of one item in the batch: channels * height * width. */
  readonly itemSize: number;
  /**
   * Writes one slice (row-major [ny][nx], real values) as item `batchIndex` of `out`. Allocates only
   * when the native size changes (tap tables), never per slice.
   */
  write(
    slice: ArrayLike<number>,
    nx: number,
    ny: number,
    map: IntensityMap,
    out: Float32Array,
    batchIndex: number,
  ): void;
}

export function createSlicePreprocessor(pre: Preprocessing): SlicePreprocessor {
  const [height, width] = pre.resize;
  const channels = pre.channels;
  const plane = height * width;
  const itemSize = channels * plane;
  let resampler: Resampler | undefined;
  return {
    channels,
    height,
    width,
    itemSize,
    write(slice, nx, ny, map, out, batchIndex) {
      if (slice.length < nx * ny || out.length < (batchIndex + 1) * itemSize) {
        throw new RangeError(
          `slice of ${slice.length} values for ${nx}x${ny}, or input buffer of ${out.length} for item ${batchIndex}: too small`,
        );
      }
      if (resampler?.from[0] !== nx || resampler.from[1] !== ny) {
        resampler = createResampler(nx, ny, width, height);
      }
      const base = batchIndex * itemSize;
      if (map.perSlice === "min-max") {
        resampler.bilinear(slice, 0, out, base, { lo: map.lo, hi: map.hi, mul: 1, add: 0 });
        minMaxNormalise(out, base, plane, map.mul, map.add);
      } else resampler.bilinear(slice, 0, out, base, map);
      for (let c = 1; c < channels; c++) out.copyWithin(base + c * plane, base, base + plane);
    },
  };
}

/** LiteMedSAM's guard on a constant slice: the range is clipped to at least 1e-8. */
const MIN_RANGE = 1e-8;

/**
 * `(x - min) / max(max - min, 1e-8)` over one resized plane, then `* mul + add` — as LiteMedSAM's
 * inference normalises the resized slice (CVPR24_LiteMedSAM_infer.py), so the extremes are those of
 * the model-resolution image, not of the native slice.
 */
export function minMaxNormalise(
  out: Float32Array,
  start: number,
  length: number,
  mul: number,
  add: number,
): void {
  let min = Infinity;
  let max = -Infinity;
  for (let p = start; p < start + length; p++) {
    const v = out[p]!;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const k = mul / Math.max(max - min, MIN_RANGE);
  for (let p = start; p < start + length; p++) out[p] = (out[p]! - min) * k + add;
}
