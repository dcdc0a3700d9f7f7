export { type CaseMetricsOptions, computeCaseMetrics, DEFAULT_TOLERANCE_MM } from "./case-metrics.ts";
export { computeDiceCoefficient } from "./dice.ts";
export { computeRobustHausdorff } from "./robust-hausdorff.ts";
export { computeSurfaceDiceAtTolerance } from "./surface-dice.ts";
export { computeSurfaceDistances, computeSurfaceDistances2D } from "./surface-distances.ts";
export type { BinaryMask, BinaryMask2D, LabelMetrics, LabelVolume, SurfaceDistances, Vec3 } from "./types.ts";
