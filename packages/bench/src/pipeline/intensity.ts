import type { Preprocessing } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";

/**
 * The whole intensity step as one clipped affine map: y = clamp(x, lo, hi) * mul + add, with the
 * manifest's `x * scale + offset` folded in. Voxel values x are in real units (after scl_slope/inter).
 */
export interface IntensityMap {
  readonly lo: number;
  readonly hi: number;
  readonly mul: number;
  readonly add: number;
  /**
   * "min-max": after clipping and the resize, each slice is mapped onto [0, 1] by its own minimum and
   * maximum, and only then by `* mul + add` (LiteMedSAM's preprocessing; preprocess.ts applies it).
   */
  readonly perSlice?: "min-max";
}

/** Mean and population standard deviation (numpy's default, ddof = 0) of a volume's real values. */
export interface IntensityStats {
  readonly mean: number;
  readonly std: number;
}

/** nnU-Net's ZScoreNormalization guards the division the same way: max(std, 1e-8). */
const MIN_STD = 1e-8;

/** True when the model normalises with statistics of the volume itself (z-score without fixed values). */
export function needsVolumeStats(pre: Preprocessing): boolean {
  return (
    pre.intensity.kind === "z-score" && (pre.intensity.mean === undefined || pre.intensity.std === undefined)
  );
}

export function intensityMap(pre: Preprocessing, stats?: IntensityStats): IntensityMap {
  const { intensity, scale, offset } = pre;
  if (intensity.kind === "min-max") {
    const w = intensity.window;
    const lo = w ? w.level - w.width / 2 : -Infinity;
    return { lo, hi: w ? lo + w.width : Infinity, mul: scale, add: offset, perSlice: "min-max" };
  }
  if (intensity.kind === "ct-window") {
    // CT window: clip to [level - width/2, level + width/2], then (x - lo) / width maps it onto [0, 1].
    const lo = intensity.level - intensity.width / 2;
    const mul = scale / intensity.width;
    return { lo, hi: lo + intensity.width, mul, add: offset - lo * mul };
  }
  const mean = intensity.mean ?? stats?.mean;
  const std = intensity.std ?? stats?.std;
  if (mean === undefined || std === undefined) {
    throw new AppError(
      "USAGE",
      "this model normalises each volume by its own mean and std (z-score without fixed values): " +
        "compute them with volumeStats(volume) and pass them as stats",
    );
  }
  const mul = scale / Math.max(std, MIN_STD);
  return { lo: -Infinity, hi: Infinity, mul, add: offset - mean * mul };
}
