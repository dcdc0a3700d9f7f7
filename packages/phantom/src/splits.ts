import { caseSeed } from "./prng.ts";

export const PHANTOM_GENERATOR_ID = "phantom-abdomen-v1";
/** Bumped whenever any voxel a seed produces changes; suites pin datasets by content hash as well. */
export const PHANTOM_VERSION = "1.0.0";

/** Base seeds of the two splits: different seeds, so no test case is a training case. */
export const PHANTOM_SEEDS = { train: 0x5eed7a11, test: 0x7e57ca5e } as const;
export type PhantomSplit = keyof typeof PHANTOM_SEEDS;

/** Standard split sizes: a fast test split, and enough 2D slices to train the reference models. */
export const DEFAULT_CASES: Record<PhantomSplit, number> = { train: 24, test: 4 };

export interface CaseSpec {
  readonly id: string;
  readonly seed: number;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
}

/**
 * Case n of a split. Most cases are 256 × 256 × 40 at 1.6 × 1.6 × 2.5 mm (the 409.6 mm field of view of
 * a 512 matrix at 0.8 mm, halved); every fourth test case is full resolution, 512 × 512 × 32 at
 * 0.8 × 0.8 × 2.5 mm, so the suite also measures a clinical-size matrix.
 */
export function caseSpec(split: PhantomSplit, index: number): CaseSpec {
  const id = `phantom_${String((split === "test" ? 100 : 0) + index).padStart(3, "0")}`;
  const seed = caseSeed(PHANTOM_SEEDS[split], index);
  if (split === "test" && index % 4 === 3)
    return { id, seed, dims: [512, 512, 32], spacing: [0.8, 0.8, 2.5] };
  return { id, seed, dims: [256, 256, 40], spacing: [1.6, 1.6, 2.5] };
}
