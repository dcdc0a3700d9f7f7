import { known, num, seconds } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import type { ConstraintResult } from "./types.ts";

/**
 * Constraint 3, clinically compatible execution time: the mean end-to-end wall time per case (read,
 * preprocess, infer, postprocess — as the CVPR 2024 "MedSAM on Laptop" challenge timed cases) within the
 * class's per-case budget (firmware profile budgets.caseTimeSeconds, inclusive).
 */
export function evaluateExecutionTime(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  const budgetMs = policy.caseTimeBudgetS * 1000;
  const budget = seconds(budgetMs);
  const t = known(summary.perCaseMeanMs);
  if (t === null) {
    return {
      status: "unknown",
      value: `per-case time not reported (budget ${budget})`,
      detail: "The run timed no case, so the time budget cannot be checked.",
    };
  }
  const pass = t <= budgetMs;
  return {
    status: pass ? "pass" : "fail",
    value: `${seconds(t)} of ${budget} per case`,
    detail: pass
      ? `Mean per-case time is within the ${budget} budget.`
      : // Exact to the millisecond: a rounded time could read as equal to the budget it exceeds.
        `Mean per-case time ${num(t / 1000, 3)} s exceeds the ${budget} budget.`,
  };
}
