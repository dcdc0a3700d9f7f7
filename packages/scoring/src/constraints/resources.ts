import { capitalise, known, mb, num } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import { type ConstraintResult, type ConstraintStatus, combineStatus } from "./types.ts";

/**
 * Constraint 1, resource-effectiveness: the run's peak resident memory within the class budget
 * (firmware profile budgets.memoryMb, inclusive) and no thermal throttling observed during the run.
 */
export function evaluateResources(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  const peak = known(summary.peakRssMb);
  const budget = policy.memoryBudgetMb;
  const memory: ConstraintStatus = peak === null ? "unknown" : peak <= budget ? "pass" : "fail";
  const throttle: ConstraintStatus =
    summary.throttled === null ? "unknown" : summary.throttled ? "fail" : "pass";

  const memoryText =
    peak === null ? `peak memory not reported (budget ${mb(budget)})` : `${mb(peak)} of ${mb(budget)}`;
  const throttleText =
    summary.throttled === null
      ? "throttling not reported"
      : summary.throttled
        ? "throttling observed"
        : "no throttling";

  const reasons: string[] = [];
  if (memory === "fail") reasons.push(`peak memory ${num(peak ?? 0, 1)} MB exceeds the ${mb(budget)} budget`);
  if (throttle === "fail") reasons.push("the device throttled during the run");
  if (memory === "unknown") reasons.push("the run reported no peak memory");
  if (throttle === "unknown") reasons.push("the platform exposes no throttling flags");
  const status = combineStatus([memory, throttle]);
  return {
    status,
    value: `${memoryText}; ${throttleText}`,
    detail:
      status === "pass"
        ? `Peak memory within the ${mb(budget)} budget and no throttling observed.`
        : `${capitalise(reasons.join("; "))}.`,
  };
}
