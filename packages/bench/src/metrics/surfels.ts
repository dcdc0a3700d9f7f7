import { squaredEdt } from "./edt.ts";
import { borderMask, neighbourCodes2D, neighbourCodes3D } from "./neighbour-code.ts";
import { sortSurfels } from "./sort-surfels.ts";
import { contourLengthTable, surfaceAreaTable } from "./surfel-area.ts";
import type { SurfaceDistances, Vec3 } from "./types.ts";

/**
 * The body of surface-distance's compute_surface_distances, from the two padded crops on: neighbour
 * codes, border points, distance maps of each border, then every border point of one mask paired with its
 * distance to the other border and its surfel area, sorted. `size` is the padded grid's shape; a 2D grid
 * has size[2] = 1.
 */
export function surfaceDistancesOfGrids(
  gtGrid: Uint8Array,
  predGrid: Uint8Array,
  size: Vec3,
  spacing: Vec3,
  dimensions: 2 | 3,
): SurfaceDistances {
  const codes = dimensions === 3 ? neighbourCodes3D : neighbourCodes2D;
  const table = dimensions === 3 ? surfaceAreaTable(spacing) : contourLengthTable([spacing[0], spacing[1]]);
  const full = dimensions === 3 ? 0xff : 0xf;
  const codesGt = codes(gtGrid, size);
  const codesPred = codes(predGrid, size);
  const gt = borderMask(codesGt, full);
  const pred = borderMask(codesPred, full);
  const gtToPred = distancesAtBorder(gt, codesGt, pred, size, spacing, table);
  const predToGt = distancesAtBorder(pred, codesPred, gt, size, spacing, table);
  return {
    distancesGtToPred: gtToPred.distances,
    surfelAreasGt: gtToPred.areas,
    distancesPredToGt: predToGt.distances,
    surfelAreasPred: predToGt.areas,
  };
}

type Border = { border: Uint8Array; count: number };

/** For every point of `from`'s border: distance (mm) to `to`'s border, and the point's surfel area. */
function distancesAtBorder(
  from: Border,
  fromCodes: Uint8Array,
  to: Border,
  size: Vec3,
  spacing: Vec3,
  table: Float64Array,
) {
  const distances = new Float64Array(from.count);
  const areas = new Float64Array(from.count);
  if (from.count === 0) return { distances, areas };
  // surface-distance fills the distance map with inf when the other border is empty.
  const squared = to.count > 0 ? squaredEdt(to.border, size, spacing) : null;
  for (let p = 0, n = 0; p < from.border.length; p++) {
    if (!from.border[p]) continue;
    distances[n] = squared ? Math.sqrt(squared[p]!) : Number.POSITIVE_INFINITY;
    areas[n] = table[fromCodes[p]!]!;
    n++;
  }
  return sortSurfels(distances, areas);
}
