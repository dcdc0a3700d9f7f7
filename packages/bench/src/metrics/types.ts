export type Vec3 = readonly [number, number, number];

/**
 * A label map in NIfTI stored order: index = i + nx * (j + ny * k), i fastest.
 * `spacing` is the voxel size in mm along i, j, k (NIfTI pixdim[1..3]).
 */
export interface LabelVolume {
  readonly dims: Vec3;
  readonly spacing: Vec3;
  readonly data: ArrayLike<number>;
}

/** A binary mask in the same order as LabelVolume; any non-zero value is foreground. */
export interface BinaryMask {
  readonly dims: Vec3;
  readonly data: ArrayLike<number>;
}

/** A 2D binary mask: index = i + n0 * j. */
export interface BinaryMask2D {
  readonly dims: readonly [number, number];
  readonly data: ArrayLike<number>;
}

/**
 * Output of computeSurfaceDistances, as surface-distance's compute_surface_distances returns it:
 * each direction sorted by (distance, area) ascending; distances are Infinity when the other surface is empty.
 */
export interface SurfaceDistances {
  readonly distancesGtToPred: Float64Array;
  readonly distancesPredToGt: Float64Array;
  readonly surfelAreasGt: Float64Array;
  readonly surfelAreasPred: Float64Array;
}

/** Per-organ accuracy: Dice, NSD at the tolerance, HD95 in mm (null when either surface is empty). */
export interface LabelMetrics {
  readonly dice: number;
  readonly nsd: number;
  readonly hd95: number | null;
}
