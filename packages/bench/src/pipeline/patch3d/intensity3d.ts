import type { Preprocessing3d } from "@edgeseg/engine-core";
import { type IntensityMap, type IntensityStats, intensityMap, needsVolumeStats } from "../intensity.ts";

/** nnU-Net's CTNormalization divides by max(std, 1e-8), as its ZScoreNormalization does. */
const MIN_STD = 1e-8;

function asSlicePreprocessing(pre: Preprocessing3d) {
  if (pre.intensity.kind === "ct-clip-z-score") return null;
  return { ...pre, intensity: pre.intensity, resize: [1, 1] as [number, number] };
}

export function needsVolumeStats3d(pre: Preprocessing3d): boolean {
  const slice = asSlicePreprocessing(pre);
  return slice !== null && needsVolumeStats(slice);
}

/**
 * The intensity step of a 3D model as one clipped affine map. `ct-clip-z-score` is nnU-Net's
 * CTNormalization (default_normalization_schemes.py): clip to [percentile_00_5, percentile_99_5] of
 * the training foreground, then (x - mean) / max(std, 1e-8); the other kinds are the 2D pipelines'.
 */
export function intensityMap3d(pre: Preprocessing3d, stats?: IntensityStats): IntensityMap {
  const slice = asSlicePreprocessing(pre);
  if (slice) return intensityMap(slice, stats);
  const { lower, upper, mean, std } = pre.intensity as Extract<
    Preprocessing3d["intensity"],
    { kind: "ct-clip-z-score" }
  >;
  const mul = pre.scale / Math.max(std, MIN_STD);
  return { lo: lower, hi: upper, mul, add: pre.offset - mean * mul };
}
