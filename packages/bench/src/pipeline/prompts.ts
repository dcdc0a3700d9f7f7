import { mulberry32 } from "@edgeseg/engine-core";
import { type Box, boxesFromMask, jitterBox } from "./boxes.ts";
import { boxSeed } from "./prng.ts";

export interface PromptSettings {
  /** Largest enlargement per side in native pixels (0 = tight box). */
  readonly jitterPx: number;
  readonly seed: number;
}

/**
 * Box prompts for slice k of a ground-truth label volume: for each label, the tight box of its pixels on
 * that slice, enlarged by the seeded jitter; null where the slice does not contain the label (no box,
 * so no prediction: prompts come from the reference, as the MedSAM challenges evaluate). Each box's
 * generator is seeded from (seed, k, label) alone (prng.ts boxSeed).
 */
export function slicePrompts(
  groundTruth: Uint8Array,
  k: number,
  nx: number,
  ny: number,
  labels: readonly number[],
  prompt: PromptSettings,
): (Box | null)[] {
  const tight = boxesFromMask(groundTruth, k * nx * ny, nx, ny, labels);
  if (prompt.jitterPx === 0) return tight;
  return tight.map((box, n) =>
    box ? jitterBox(box, prompt.jitterPx, mulberry32(boxSeed(prompt.seed, k, labels[n]!)), nx, ny) : null,
  );
}
