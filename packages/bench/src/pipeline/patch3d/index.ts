export { computeGaussian } from "./gaussian.ts";
export { intensityMap3d, needsVolumeStats3d } from "./intensity3d.ts";
export type { PaddedGrid } from "./resample3d.ts";
export type {
  Patch3dTiming,
  PreparedVolume,
  Semantic3d,
  Semantic3dResult,
  SlidingWindowLogits,
} from "./semantic3d.ts";
export { createSemantic3d } from "./semantic3d.ts";
export { computeSteps, resampledShape, roundHalfEven, tileOrigins } from "./steps.ts";
