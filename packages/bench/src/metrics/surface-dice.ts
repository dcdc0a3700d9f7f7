import { numpySum } from "./numpy-sum.ts";
import type { SurfaceDistances } from "./types.ts";

/**
 * Normalized surface Dice (NSD) at a tolerance, as surface-distance's compute_surface_dice_at_tolerance:
 * the surfel area of both surfaces lying within `toleranceMm` of the other surface, over the total area
 * of both. A surfel at exactly the tolerance counts (≤). NaN when both surfaces are empty.
 */
export function computeSurfaceDiceAtTolerance(sd: SurfaceDistances, toleranceMm: number): number {
  const overlapGt = numpySum(sd.surfelAreasGt, 0, within(sd.distancesGtToPred, toleranceMm));
  const overlapPred = numpySum(sd.surfelAreasPred, 0, within(sd.distancesPredToGt, toleranceMm));
  return (overlapGt + overlapPred) / (numpySum(sd.surfelAreasGt) + numpySum(sd.surfelAreasPred));
}

/** Distances are sorted ascending, so the surfels within tolerance are a prefix; returns its length. */
function within(sorted: Float64Array, toleranceMm: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= toleranceMm) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
