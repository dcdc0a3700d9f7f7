import type { NIFTI1 } from "nifti-reader-js";
import { qformToAffine } from "./quaternion.ts";

/** srow_x, srow_y, srow_z: 12 float32 at byte 280 (nifti1.h). */
function sformAffine(view: DataView, littleEndian: boolean): number[][] {
  const rows = [0, 1, 2].map((r) =>
    [0, 1, 2, 3].map((c) => view.getFloat32(280 + (r * 4 + c) * 4, littleEndian)),
  );
  return [...rows, [0, 0, 0, 1]];
}

/**
 * Voxel → world affine in the order nibabel's get_best_affine uses: sform when sform_code > 0
 * (NIfTI-1 method 3), else qform when qform_code > 0 (method 2), else plain pixdim scaling
 * (method 1). For that last case nibabel instead returns a centred, x-flipped Analyze affine;
 * edgeseg follows the NIfTI-1 specification.
 */
export function headerAffine(
  h: NIFTI1,
  view: DataView,
  spacing: readonly [number, number, number],
): number[][] {
  if (h.sform_code > 0) return sformAffine(view, h.littleEndian);
  if (h.qform_code > 0) {
    const qfac = h.pixDims[0]! < 0 ? -1 : 1;
    const offset = [h.qoffset_x, h.qoffset_y, h.qoffset_z] as const;
    return qformToAffine({ b: h.quatern_b, c: h.quatern_c, d: h.quatern_d, qfac, offset }, spacing);
  }
  return [
    [spacing[0], 0, 0, 0],
    [0, spacing[1], 0, 0],
    [0, 0, spacing[2], 0],
    [0, 0, 0, 1],
  ];
}
