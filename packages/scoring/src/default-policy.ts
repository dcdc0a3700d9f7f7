import type { ConstraintKey } from "./constraints/types.ts";
import {
  type ClassPolicy,
  DEFAULT_EGRESS_BOUND_KB,
  DEFAULT_FINE_TUNING_BUDGET_MINUTES,
  DEFAULT_FLEET_QUANTILE,
  type OrganThreshold,
  parseClassPolicy,
  type ScoreWeights,
} from "./policy.ts";

/** The part of a firmware profile (firmware-profiles/<id>.json) the policy's budgets come from. */
export interface ProfileBudgets {
  id: string;
  budgets: { memoryMb: number; caseTimeSeconds: number };
}

/**
 * Starting points, not clinical standards. What accuracy is clinically acceptable depends on the organ,
 * the task (volumetry, radiotherapy contouring, screening) and the local protocol, so thresholds are the
 * user's to set per device class. DSC and NSD are reported together because they fail differently
 * (overlap vs boundary), as Metrics Reloaded (Maier-Hein et al., Nature Methods 2024) recommends.
 */
export const DEFAULT_DICE_THRESHOLD = 0.8;
export const DEFAULT_NSD_THRESHOLD = 0.8;

/**
 * Small, thin or variable-shaped organs are consistently among the lowest-scoring in the per-organ
 * results of multi-organ abdominal CT benchmarks (e.g. the FLARE challenges, Ma et al.), well below the
 * liver, spleen and kidneys; one overall threshold would either pass poor large-organ results or fail
 * every model on these. Names are the canonical lower_snake_case organ names results use.
 */
export const DEFAULT_ORGAN_THRESHOLDS: Record<string, OrganThreshold> = {
  pancreas: { dice: 0.7, nsd: 0.7 },
  gallbladder: { dice: 0.7, nsd: 0.7 },
  esophagus: { dice: 0.7, nsd: 0.7 },
  duodenum: { dice: 0.7, nsd: 0.7 },
  adrenal_gland_left: { dice: 0.7, nsd: 0.7 },
  adrenal_gland_right: { dice: 0.7, nsd: 0.7 },
};

/** Accuracy leads; speed and memory headroom reward room to spare; fine-tuning is a small bonus. */
export const DEFAULT_WEIGHTS: ScoreWeights = { accuracy: 0.6, speed: 0.2, memory: 0.15, fineTuning: 0.05 };

export const DEFAULT_FAIL_PENALTY = 0.5;

/**
 * A clinic cannot deploy a model that runs out of memory, throttles, misses its accuracy or time
 * budget, or sends data away; it can deploy one it cannot fine-tune, so fine-tuning is not hard.
 */
export const DEFAULT_HARD_CONSTRAINTS: ConstraintKey[] = [
  "resources",
  "accuracy",
  "executionTime",
  "dataLocality",
];

/** The policy a device class starts with: its firmware profile's budgets and the defaults above. */
export function defaultPolicy(profile: ProfileBudgets): ClassPolicy {
  return parseClassPolicy(
    {
      memoryBudgetMb: profile.budgets.memoryMb,
      caseTimeBudgetS: profile.budgets.caseTimeSeconds,
      diceThreshold: DEFAULT_DICE_THRESHOLD,
      nsdThreshold: DEFAULT_NSD_THRESHOLD,
      organThresholds: structuredClone(DEFAULT_ORGAN_THRESHOLDS),
      weights: { ...DEFAULT_WEIGHTS },
      failPenalty: DEFAULT_FAIL_PENALTY,
      fleetQuantile: DEFAULT_FLEET_QUANTILE,
      egressBoundKb: DEFAULT_EGRESS_BOUND_KB,
      fineTuningBudgetMinutes: DEFAULT_FINE_TUNING_BUDGET_MINUTES,
      hardConstraints: [...DEFAULT_HARD_CONSTRAINTS],
    },
    `firmware profile ${profile.id}`,
  );
}
