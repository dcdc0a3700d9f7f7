import { cropPadded, unionBoundingBox } from "./crop.ts";
import { surfaceDistancesOfGrids } from "./surfels.ts";
import type { BinaryMask, BinaryMask2D, SurfaceDistances, Vec3 } from "./types.ts";
import { checkSameGrid, checkSpacing } from "./validate.ts";

const EMPTY: SurfaceDistances = {
  distancesGtToPred: new Float64Array(0),
  distancesPredToGt: new Float64Array(0),
  surfelAreasGt: new Float64Array(0),
  surfelAreasPred: new Float64Array(0),
};

/**
 * surface-distance's compute_surface_distances for 3D masks: crop both masks to the bounding box of their
 * union (plus one zero voxel on each high side), find surface points and surfel areas from 2×2×2
 * neighbour codes, and measure each surface point's distance to the other surface with an exact
 * anisotropic EDT. Axis a of the mask (stride 1, n0, n0·n1) is the library's array axis a; `spacingMm`
 * is in the same order. Both masks empty: all four arrays are empty.
 */
export function computeSurfaceDistances(gt: BinaryMask, pred: BinaryMask, spacingMm: Vec3): SurfaceDistances {
  checkSameGrid(gt.dims, gt.data.length, pred.dims, pred.data.length);
  checkSpacing(spacingMm);
  const box = unionBoundingBox(gt.data, pred.data, gt.dims, "nonzero");
  if (!box) return EMPTY;
  const a = cropPadded(gt.data, gt.dims, box, [1, 1, 1], "nonzero");
  const b = cropPadded(pred.data, pred.dims, box, [1, 1, 1], "nonzero");
  return surfaceDistancesOfGrids(a.grid, b.grid, a.size, spacingMm, 3);
}

/** The 2D variant (contours, lengths in mm from the 2×2 neighbour-code table); index = i + n0·j. */
export function computeSurfaceDistances2D(
  gt: BinaryMask2D,
  pred: BinaryMask2D,
  spacingMm: readonly [number, number],
): SurfaceDistances {
  const dims: Vec3 = [gt.dims[0], gt.dims[1], 1];
  const spacing: Vec3 = [spacingMm[0], spacingMm[1], 1];
  checkSameGrid(dims, gt.data.length, [pred.dims[0], pred.dims[1], 1], pred.data.length);
  checkSpacing(spacingMm);
  const box = unionBoundingBox(gt.data, pred.data, dims, "nonzero");
  if (!box) return EMPTY;
  const a = cropPadded(gt.data, dims, box, [1, 1, 0], "nonzero");
  const b = cropPadded(pred.data, dims, box, [1, 1, 0], "nonzero");
  return surfaceDistancesOfGrids(a.grid, b.grid, a.size, spacing, 2);
}
