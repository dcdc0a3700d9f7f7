import type { BinaryMask } from "./types.ts";
import { checkSameGrid } from "./validate.ts";

/**
 * Volumetric Dice (Sørensen) coefficient 2|G∩P| / (|G| + |P|), as surface-distance's
 * compute_dice_coefficient, NaN when both masks are empty (computeCaseMetrics reports 1 there instead).
 */
export function computeDiceCoefficient(gt: BinaryMask, pred: BinaryMask): number {
  checkSameGrid(gt.dims, gt.data.length, pred.dims, pred.data.length);
  let gtCount = 0;
  let predCount = 0;
  let both = 0;
  for (let i = 0; i < gt.data.length; i++) {
    const g = gt.data[i] !== 0;
    const p = pred.data[i] !== 0;
    if (g) gtCount++;
    if (p) predCount++;
    if (g && p) both++;
  }
  return diceFromCounts(both, gtCount, predCount);
}

export function diceFromCounts(intersection: number, gtCount: number, predCount: number): number {
  const sum = gtCount + predCount;
  return sum === 0 ? Number.NaN : (2 * intersection) / sum;
}
