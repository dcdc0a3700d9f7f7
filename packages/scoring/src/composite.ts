import type { ConstraintKey, Constraints } from "./constraints/types.ts";
import { known, mb, num, seconds } from "./format.ts";
import type { ClassPolicy } from "./policy.ts";
import { constraintName } from "./rules.ts";
import type { ModelRunSummary } from "./summary.ts";

type Term = "accuracy" | "speed" | "memory" | "fineTuning";
const TERMS: Term[] = ["accuracy", "speed", "memory", "fineTuning"];

export interface CompositeScore {
  /** 0–1, higher is better; null when a number the formula needs was not reported. */
  score: number | null;
  /** The formula with this policy's weights and budgets, printed verbatim on the page. */
  formula: string;
  /** This model's numbers put into the formula, or why there is no score. */
  workings: string;
  /** Each term's value (null when missing) and the penalty factor applied. */
  terms: Record<Term, number | null> & { penalty: number };
  /** Inputs the formula needed and the result did not report. */
  missing: string[];
}

/** The composite formula for a policy: terms with weight 0 are left out. */
export function compositeFormula(policy: ClassPolicy): string {
  const w = policy.weights;
  const used = TERMS.filter((t) => w[t] > 0);
  const total = used.reduce((sum, t) => sum + w[t], 0);
  const names: Record<Term, string> = {
    accuracy: "accuracy",
    speed: "speed",
    memory: "memory",
    fineTuning: "fine-tuning",
  };
  const definitions: Record<Term, string> = {
    accuracy: "accuracy = (mean DSC + mean NSD) / 2",
    speed: `speed = max(0, 1 − per-case time / ${seconds(policy.caseTimeBudgetS * 1000)})`,
    memory: `memory = max(0, 1 − peak memory / ${mb(policy.memoryBudgetMb)})`,
    fineTuning: "fine-tuning = 1 if the model can be fine-tuned on the device, else 0",
  };
  let sum = used.map((t) => `${num(w[t], 4)} × ${names[t]}`).join(" + ");
  if (Math.abs(total - 1) > 1e-9) sum = `(${sum}) / ${num(total, 4)}`;
  const where = used.map((t) => definitions[t]);
  const penalised = policy.hardConstraints.length > 0 && policy.failPenalty !== 1;
  if (penalised) {
    const hard = policy.hardConstraints.map(constraintName).join(", ");
    where.push(`penalty = ${num(policy.failPenalty, 4)} if any hard constraint (${hard}) fails, else 1`);
  }
  const head = penalised ? `score = (${sum}) × penalty` : `score = ${sum}`;
  return `${head}, where ${where.join("; ")}. Scores run from 0 to 1; higher is better.`;
}

/**
 * The composite score: a weighted mean of accuracy, speed headroom, memory headroom and on-device
 * fine-tuning, multiplied by the fail penalty when a hard constraint fails. Headroom (1 − used / budget)
 * rewards room to spare under the class budget, which absorbs larger cases and slower days; at or over
 * budget it is 0. A term with weight 0 needs no input.
 */
export function compositeScore(
  summary: ModelRunSummary,
  constraints: Constraints,
  policy: ClassPolicy,
): CompositeScore {
  const dice = known(summary.meanDice);
  const nsd = known(summary.meanNsd);
  const time = known(summary.perCaseMeanMs);
  const peak = known(summary.peakRssMb);
  const headroom = (used: number, budget: number) => Math.min(1, Math.max(0, 1 - used / budget));
  const terms: Record<Term, number | null> = {
    accuracy: dice !== null && nsd !== null ? (dice + nsd) / 2 : null,
    speed: time !== null ? headroom(time, policy.caseTimeBudgetS * 1000) : null,
    memory: peak !== null ? headroom(peak, policy.memoryBudgetMb) : null,
    // Unknown support counts as not supported: the bonus is for a stated capability.
    fineTuning: summary.model.fineTuning?.supported === true ? 1 : 0,
  };
  const failed: ConstraintKey[] = policy.hardConstraints.filter((k) => constraints[k].status === "fail");
  const penalty = failed.length > 0 ? policy.failPenalty : 1;
  const formula = compositeFormula(policy);
  const w = policy.weights;
  const used = TERMS.filter((t) => w[t] > 0);

  const missing: string[] = [];
  if (w.accuracy > 0 && dice === null) missing.push("mean DSC");
  if (w.accuracy > 0 && nsd === null) missing.push("mean NSD");
  if (w.speed > 0 && time === null) missing.push("per-case time");
  if (w.memory > 0 && peak === null) missing.push("peak memory");
  if (missing.length > 0) {
    return {
      score: null,
      formula,
      workings: `No score: ${missing.join(", ")} not reported.`,
      terms: { ...terms, penalty },
      missing,
    };
  }

  const total = used.reduce((sum, t) => sum + w[t], 0);
  const weighted = used.reduce((sum, t) => sum + w[t] * (terms[t] ?? 0), 0) / total;
  const score = weighted * penalty;
  let sum = used.map((t) => `${num(w[t], 4)} × ${num(terms[t] ?? 0, 4)}`).join(" + ");
  if (Math.abs(total - 1) > 1e-9) sum = `(${sum}) / ${num(total, 4)}`;
  const penaltyText =
    failed.length > 0 ? ` × ${num(penalty, 4)} (fails ${failed.map(constraintName).join(", ")})` : "";
  return {
    score,
    formula,
    workings: `${penaltyText ? `(${sum})${penaltyText}` : sum} = ${num(score, 4)}`,
    terms: { ...terms, penalty },
    missing,
  };
}
