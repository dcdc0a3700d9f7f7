import { caseSeed } from "./prng.ts";
import { type PhantomSite, type ScannerModel, SITE_B_GRID, SITE_B_SCANNER } from "./site.ts";

export const PHANTOM_GENERATOR_ID = "phantom-abdomen-v1";
/** Bumped whenever any voxel a seed produces changes; suites pin datasets by content hash as well. */
export const PHANTOM_VERSION = "1.0.0";

/** Base seeds of the two splits: different seeds, so no test case is a training case. */
export const PHANTOM_SEEDS = { train: 0x5eed7a11, test: 0x7e57ca5e } as const;
export type PhantomSplit = keyof typeof PHANTOM_SEEDS;
/** Site B's own seeds (docs/fine-tuning.md): its cases are new anatomy, not site A's seen anew. */
export const SITE_B_SEEDS = { train: 0x5eedb0b1, test: 0x7e57b0b1 } as const;
/** Site B's split sizes: a clinic annotates a few slices of a few cases; the test split scores the result. */
export const SITE_B_DEFAULT_CASES: Record<PhantomSplit, number> = { train: 4, test: 2 };

/** Base seed of a split at a site. */
export function splitSeed(split: PhantomSplit, site: PhantomSite = "a"): number {
  return site === "b" ? SITE_B_SEEDS[split] : PHANTOM_SEEDS[split];
}

/** Standard split sizes: a fast test split, and enough 2D slices to train the reference models. */
export const DEFAULT_CASES: Record<PhantomSplit, number> = { train: 24, test: 4 };

export interface CaseSpec {
  readonly id: string;
  readonly seed: number;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  /** Present for site B only: the scanner's calibration and noise. */
  readonly scanner?: ScannerModel;
}

/**
 * Case n of a split. Most cases are 256 × 256 × 40 at 1.6 × 1.6 × 2.5 mm (the 409.6 mm field of view of
 * a 512 matrix at 0.8 mm, halved); every fourth test case is full resolution, 512 × 512 × 32 at
 * 0.8 × 0.8 × 2.5 mm, so the suite also measures a clinical-size matrix.
 */
export function caseSpec(split: PhantomSplit, index: number, site: PhantomSite = "a"): CaseSpec {
  if (site === "b") {
    const id = `phantom_b${String((split === "test" ? 100 : 0) + index).padStart(3, "0")}`;
    return {
      id,
      seed: caseSeed(SITE_B_SEEDS[split], index),
      dims: SITE_B_GRID.dims,
      spacing: SITE_B_GRID.spacing,
      scanner: SITE_B_SCANNER,
    };
  }
  const id = `phantom_${String((split === "test" ? 100 : 0) + index).padStart(3, "0")}`;
  const seed = caseSeed(PHANTOM_SEEDS[split], index);
  if (split === "test" && index % 4 === 3)
    return { id, seed, dims: [512, 512, 32], spacing: [0.8, 0.8, 2.5] };
  return { id, seed, dims: [256, 256, 40], spacing: [1.6, 1.6, 2.5] };
}
