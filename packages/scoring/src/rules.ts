import type { ConstraintKey } from "./constraints/types.ts";

/**
 * The words the dashboard shows next to the badges and under the leaderboard. README.md repeats them
 * verbatim (rules.test.ts checks), so the page, the README and the code cannot drift apart.
 */
export const CONSTRAINT_INFO: Record<ConstraintKey, { title: string; rule: string }> = {
  resources: {
    title: "Resources",
    rule: "Peak resident memory of the run at or below the device class's memory budget, and no thermal throttling observed during the run. Unknown when the peak memory or the throttling flags were not reported (unless memory already fails).",
  },
  accuracy: {
    title: "Accuracy",
    rule: "Mean DSC and mean NSD at or above the class's thresholds, and every per-organ threshold met for the organs the result reports. Any reported value under its threshold fails the constraint; a missing metric makes it unknown, never failed.",
  },
  executionTime: {
    title: "Execution time",
    rule: "Mean end-to-end wall time per case (read, preprocess, infer, postprocess) at or below the class's per-case time budget. Unknown when the run timed no case.",
  },
  dataLocality: {
    title: "Data locality",
    rule: "Inference ran on the device and only aggregate numbers left it. Every result an edgeseg agent reports passes: its result document carries numbers and identifiers only, never images.",
  },
  fineTuning: {
    title: "Fine-tuning",
    rule: "The model's manifest states that it can be fine-tuned on the device (pass) or that it cannot (fail); unknown when the manifest is not available.",
  },
};

/** Lowercase names for sentences ("any hard constraint (resources, accuracy, …) fails"). */
export function constraintName(key: ConstraintKey): string {
  return CONSTRAINT_INFO[key].title.toLowerCase();
}

export const RANKING_RULES: string[] = [
  "Only VALID results count: INVALID or failed runs are listed as excluded, with the reason.",
  "One entry per model version: when a model appears more than once, only its best-ranked result is kept.",
  "Models that fail no hard constraint come first; a constraint that is unknown does not demote a model.",
  "Within each group, a higher composite score ranks higher; a model without a score comes after every model with one.",
  "Equal scores are broken by the lower per-case time, then the lower peak memory, then the model id and version; a missing number sorts after a present one.",
  "Models equal in all of these except their name share a rank, and the next rank skips accordingly (1, 1, 3).",
];
