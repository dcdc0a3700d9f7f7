import { AppError } from "@edgeseg/protocol";
import { cropPadded } from "./crop.ts";
import { diceFromCounts } from "./dice.ts";
import { presentLabels, scanLabels } from "./label-scan.ts";
import { computeRobustHausdorff } from "./robust-hausdorff.ts";
import { computeSurfaceDiceAtTolerance } from "./surface-dice.ts";
import { surfaceDistancesOfGrids } from "./surfels.ts";
import type { LabelMetrics, LabelVolume } from "./types.ts";
import { checkSameGrid, checkSpacing } from "./validate.ts";

/** NSD tolerance used when none is given (mm), the MedSAM / CVPR 2024 challenge setting. */
export const DEFAULT_TOLERANCE_MM = 2;

export interface CaseMetricsOptions {
  /** Labels to score; default: every non-zero label present in the ground truth. */
  readonly labels?: readonly number[];
  /** NSD tolerance in mm; default 2. */
  readonly toleranceMm?: number;
}

/**
 * Dice, NSD and HD95 per organ label for one case, with surface-distance's definitions on the
 * ground truth's voxel grid and spacing (the volumes are 3D; a single slice is a volume with nz = 1).
 * Empty-mask conventions: prediction or ground truth empty → Dice 0, NSD 0, HD95 null (the library's
 * infinity); both empty (only for requested labels) → Dice 1, NSD 1, HD95 null.
 */
export function computeCaseMetrics(
  gt: LabelVolume,
  pred: LabelVolume,
  opts: CaseMetricsOptions = {},
): Map<number, LabelMetrics> {
  checkSameGrid(gt.dims, gt.data.length, pred.dims, pred.data.length);
  checkSpacing(gt.spacing);
  const tolerance = opts.toleranceMm ?? DEFAULT_TOLERANCE_MM;
  if (!(Number.isFinite(tolerance) && tolerance >= 0)) {
    throw new AppError("USAGE", `NSD tolerance must be a non-negative number of mm, got ${tolerance}`);
  }
  const labels = opts.labels ? checkLabels(opts.labels) : presentLabels(gt.data);
  const stats = scanLabels(gt.data, pred.data, gt.dims, labels);
  const result = new Map<number, LabelMetrics>();
  labels.forEach((label, slot) => {
    const s = stats[slot]!;
    if (s.gtCount === 0 && s.predCount === 0) {
      result.set(label, { dice: 1, nsd: 1, hd95: null });
      return;
    }
    const dice = diceFromCounts(s.intersection, s.gtCount, s.predCount);
    if (s.gtCount === 0 || s.predCount === 0 || !s.box) {
      result.set(label, { dice, nsd: 0, hd95: null });
      return;
    }
    const a = cropPadded(gt.data, gt.dims, s.box, [1, 1, 1], label);
    const b = cropPadded(pred.data, gt.dims, s.box, [1, 1, 1], label);
    const sd = surfaceDistancesOfGrids(a.grid, b.grid, a.size, gt.spacing, 3);
    const hd95 = computeRobustHausdorff(sd, 95);
    result.set(label, {
      dice,
      nsd: computeSurfaceDiceAtTolerance(sd, tolerance),
      hd95: Number.isFinite(hd95) ? hd95 : null,
    });
  });
  return result;
}

function checkLabels(labels: readonly number[]): number[] {
  for (const label of labels) {
    if (!Number.isFinite(label) || label === 0) {
      throw new AppError(
        "USAGE",
        `cannot score label ${label}: labels are the non-zero organ values of the label map`,
      );
    }
  }
  return [...new Set(labels)].sort((a, b) => a - b);
}
