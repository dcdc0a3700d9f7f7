import { numpySum } from "./numpy-sum.ts";
import type { SurfaceDistances } from "./types.ts";

/**
 * Robust Hausdorff distance, as surface-distance's compute_robust_hausdorff: in each direction, the
 * distance at which the area-weighted cumulative fraction of surfels first reaches `percent` %
 * (np.searchsorted, left side), then the larger of the two directions. Infinity when either surface is
 * empty. HD95 is percent = 95.
 */
export function computeRobustHausdorff(sd: SurfaceDistances, percent: number): number {
  return Math.max(
    percentile(sd.distancesGtToPred, sd.surfelAreasGt, percent),
    percentile(sd.distancesPredToGt, sd.surfelAreasPred, percent),
  );
}

function percentile(distances: Float64Array, areas: Float64Array, percent: number): number {
  const n = distances.length;
  if (n === 0) return Number.POSITIVE_INFINITY;
  // np.cumsum(areas) / np.sum(areas): a running sum divided by the pairwise total, element by element.
  const total = numpySum(areas);
  const target = percent / 100;
  let cumulative = 0;
  for (let i = 0; i < n; i++) {
    cumulative += areas[i]!;
    if (cumulative / total >= target) return distances[i]!;
  }
  return distances[n - 1]!;
}
