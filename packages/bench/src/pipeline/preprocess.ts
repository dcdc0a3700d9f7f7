import type { Preprocessing } from "../manifest/schema.ts";
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
      resampler.bilinear(slice, 0, out, base, map);
      for (let c = 1; c < channels; c++) out.copyWithin(base + c * plane, base, base + plane);
    },
  };
}
