import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import { evaluateAccuracy } from "./accuracy.ts";
import { evaluateDataLocality } from "./data-locality.ts";
import { evaluateExecutionTime } from "./execution-time.ts";
import { evaluateFineTuning } from "./fine-tuning.ts";
import { evaluateResources } from "./resources.ts";
import type { ConstraintKey, Constraints } from "./types.ts";

/** The five clinical deployment constraints for one model's result on one device class. */
export function evaluateConstraints(summary: ModelRunSummary, policy: ClassPolicy): Constraints {
  return {
    resources: evaluateResources(summary, policy),
    accuracy: evaluateAccuracy(summary, policy),
    executionTime: evaluateExecutionTime(summary, policy),
    dataLocality: evaluateDataLocality(summary, policy),
    fineTuning: evaluateFineTuning(summary, policy),
  };
}

/** The policy's hard constraints this result fails (unknown is not a failure). */
export function hardFailures(constraints: Constraints, policy: ClassPolicy): ConstraintKey[] {
  return policy.hardConstraints.filter((key) => constraints[key].status === "fail");
}
