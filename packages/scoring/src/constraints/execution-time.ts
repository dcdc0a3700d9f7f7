import { withinBudget } from "../fleet/class-figure.ts";
import { capitalise, known, num, seconds } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import { deviceShare, fleetRuleWords, fleetStatus, ONE_DEVICE_NOTE, percent } from "./fleet-budget.ts";
import type { ConstraintResult } from "./types.ts";

/**
 * Constraint 3, clinically compatible execution time: the mean end-to-end wall time per case (read,
 * preprocess, infer, postprocess — as the CVPR 2024 "MedSAM on Laptop" challenge timed cases) within the
 * class's per-case budget (firmware profile budgets.caseTimeSeconds, inclusive). For a fleet, each device
 * is judged by its median run and the constraint passes when the policy's share of devices meets it.
 */
export function evaluateExecutionTime(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  const budgetMs = policy.caseTimeBudgetS * 1000;
  const budget = seconds(budgetMs);
  const fleet = summary.fleet;
  if (fleet) {
    const { within, known: n } = withinBudget(fleet.perDevice, (d) => d.perCaseMeanMs, budgetMs);
    const status = fleetStatus(within, n, policy.fleetQuantile);
    if (status === "unknown") {
      return {
        status,
        value: `per-case time not reported (budget ${budget})`,
        detail: "No device of the class timed a case, so the time budget cannot be checked.",
      };
    }
    const t = fleet.perCaseMeanMs;
    const spread =
      n === 1
        ? `${seconds(t.median as number)} of ${budget} per case`
        : `${deviceShare(within, n)} within ${budget} per case; median ${seconds(t.median as number)}, p90 ${seconds(t.p90 as number)}`;
    const rule = `${capitalise(fleetRuleWords(policy.fleetQuantile))}.`;
    return {
      status,
      value: spread,
      detail:
        (status === "pass"
          ? `${n === 1 ? "The only device meets" : `${percent(within / n)} of the class's devices meet`} the ${budget} budget (each by its median run). ${rule}`
          : `${n === 1 ? "The only device misses" : `Only ${deviceShare(within, n)} meet`} the ${budget} budget (each by its median run). ${rule}`) +
        (n === 1 ? ` ${ONE_DEVICE_NOTE}` : ""),
    };
  }
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
