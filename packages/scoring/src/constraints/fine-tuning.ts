import type { ModelRunSummary } from "../summary.ts";
import type { ConstraintResult } from "./types.ts";

/**
 * Constraint 5, user-based fine-tuning: whether the model's manifest says it can be adapted on the
 * device (manifest fineTuning.supported), with the manifest's notes on how and at what cost.
 */
export function evaluateFineTuning(summary: ModelRunSummary): ConstraintResult {
  const fineTuning = summary.model.fineTuning;
  if (fineTuning === null) {
    return {
      status: "unknown",
      value: "not stated",
      detail: "The model's manifest is not available, so on-device fine-tuning support is not known.",
    };
  }
  const notes = fineTuning.notes.trim();
  return fineTuning.supported
    ? {
        status: "pass",
        value: "supported on-device",
        detail: notes || "The manifest states that the model can be fine-tuned on the device.",
      }
    : {
        status: "fail",
        value: "not supported",
        detail: notes || "The manifest states that the model cannot be fine-tuned on the device.",
      };
}
