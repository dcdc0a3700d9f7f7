import { AppError } from "@edgeseg/protocol";
import type { Vec3 } from "./types.ts";

/** Ground truth and prediction must share one voxel grid, and the data must fill it. */
export function checkSameGrid(gtDims: Vec3, gtLength: number, predDims: Vec3, predLength: number): void {
  if (gtDims.some((n, a) => n !== predDims[a])) {
    throw new AppError(
      "INPUT",
      `ground truth is ${gtDims.join("×")} voxels but the prediction is ${predDims.join("×")}; ` +
        "resample the prediction onto the ground-truth grid before scoring",
    );
  }
  if (!gtDims.every((n) => Number.isInteger(n) && n > 0)) {
    throw new AppError("INPUT", `volume dims must be positive integers, got ${gtDims.join("×")}`);
  }
  const voxels = gtDims[0] * gtDims[1] * gtDims[2];
  if (gtLength !== voxels || predLength !== voxels) {
    throw new AppError(
      "INPUT",
      `a ${gtDims.join("×")} volume needs ${voxels} voxel values, got ${gtLength} (ground truth) and ` +
        `${predLength} (prediction); the data does not match its header`,
    );
  }
}

/** Spacing drives every millimetre value; a zero or NaN pixdim would make NSD and HD95 meaningless. */
export function checkSpacing(spacing: readonly number[]): void {
  if (!spacing.every((s) => Number.isFinite(s) && s > 0)) {
    throw new AppError(
      "INPUT",
      `voxel spacing must be positive millimetres, got [${spacing.join(", ")}]; check the NIfTI pixdim[1..3]`,
    );
  }
}
