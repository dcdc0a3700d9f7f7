import type { ConstraintKey } from "./constraints/types.ts";

/**
 * The words the dashboard shows next to the badges and under the leaderboard. README.md repeats them
 * verbatim (rules.test.ts checks), so the page, the README and the code cannot drift apart.
 */
export const CONSTRAINT_INFO: Record<ConstraintKey, { title: string; rule: string }> = {
  resources: {
    title: "Resources",
    rule: "Peak resident memory at or below the device class's memory budget, and no thermal throttling during the run. Each device is judged by the median of its runs (throttling when it throttled in more than half of them); each part passes when the policy's share of the class's devices (by default 90 %) meets it. A part no device could measure is stated as not measured and the other part decides; unknown only when neither was measured.",
  },
  accuracy: {
    title: "Accuracy",
    rule: "Mean DSC and mean NSD at or above the class's thresholds, and every per-organ threshold met for the organs the result reports. Any reported value under its threshold fails the constraint; a missing metric makes it unknown, never failed.",
  },
  executionTime: {
    title: "Execution time",
    rule: "Mean end-to-end wall time per case (read, preprocess, infer, postprocess) at or below the class's per-case time budget. Each device is judged by the median of its runs; the constraint passes when the policy's share of the class's devices (by default 90 %) meets the budget. Unknown when no device timed a case.",
  },
  dataLocality: {
    title: "Data locality",
    rule: "Inference ran on the device and only aggregate numbers left it, as measured: every counted run carries the agent's egress audit (every byte it sent during the job) and no job sent more than the class's bound (by default 256 KB, half of one CT slice). A run without an audit fails: nothing shows what left the device.",
  },
  fineTuning: {
    title: "Fine-tuning",
    rule: "Measured on the device, not taken from the manifest: a real training loop of the model's trainable part on a second site. Passes when the policy's share of the class's devices (by default 90 %) fine-tune within the memory budget without running out of memory and reach the accuracy plateau within the fine-tuning time budget (by default 8 h, one night), and the new site's DSC after fine-tuning is above the DSC before. Fails with the reason (out of memory, failed, over the time budget, no gain); unknown (not measured) when no device ran it — the manifest's statement is shown as a claim only.",
  },
};

/** Lowercase names for sentences ("any hard constraint (resources, accuracy, …) fails"). */
export function constraintName(key: ConstraintKey): string {
  return CONSTRAINT_INFO[key].title.toLowerCase();
}

export const RANKING_RULES: string[] = [
  "Only results that answer a job the hub dispatched to that device, for the same model, suite and scenario, are ranked; results started on a device are kept and listed, never ranked.",
  "Only VALID, succeeded runs count: INVALID or failed runs are listed as excluded, with the reason.",
  "A model's figure is its typical device, not its best run: each device contributes the median of its runs (runs whose timing was UNSTABLE are left out while the device has stable ones), and the class takes the median across its devices. The fastest single run is shown for reference only.",
  "One entry per model version: when a model appears more than once, only its best-ranked result is kept.",
  "Models that fail no hard constraint come first; a constraint that is unknown does not demote a model.",
  "Within each group, a higher composite score ranks higher; a model without a score comes after every model with one.",
  "Equal scores are broken by the lower per-case time, then the lower peak memory, then the model id and version; a missing number sorts after a present one.",
  "Models equal in all of these except their name share a rank, and the next rank skips accordingly (1, 1, 3).",
];
