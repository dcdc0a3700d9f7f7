import type { ConstraintKey, Constraints } from "./constraints/types.ts";
import { duration, known, mb, num, seconds } from "./format.ts";
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

/** A hard constraint's name in the formula; data locality says what measures it. */
function hardName(key: ConstraintKey, policy: ClassPolicy): string {
  return key === "dataLocality"
    ? `data locality [egress audit present, ≤ ${num(policy.egressBoundKb, 1)} KB per job]`
    : constraintName(key);
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
    fineTuning: `fine-tuning = 1 if fine-tuning measured on the class's devices passes (fits ${mb(policy.memoryBudgetMb)} and reaches its plateau within ${duration(policy.fineTuningBudgetMinutes * 60_000)}, with a DSC gain on the new site), else 0 (not measured, or a manifest's claim only, counts 0)`,
  };
  let sum = used.map((t) => `${num(w[t], 4)} × ${names[t]}`).join(" + ");
  if (Math.abs(total - 1) > 1e-9) sum = `(${sum}) / ${num(total, 4)}`;
  const where = used.map((t) => definitions[t]);
  const penalised = policy.hardConstraints.length > 0 && policy.failPenalty !== 1;
  if (penalised) {
    const hard = policy.hardConstraints.map((k) => hardName(k, policy)).join(", ");
    where.push(`penalty = ${num(policy.failPenalty, 4)} if any hard constraint (${hard}) fails, else 1`);
  }
  // Both measured constraints reach the score: fine-tuning as a term, data locality as a hard constraint.
  if (!penalised || !policy.hardConstraints.includes("dataLocality")) {
    where.push(
      "data locality (the egress audit) is shown but does not change the score under this policy (it is not a penalised hard constraint)",
    );
  }
  const head = penalised ? `score = (${sum}) × penalty` : `score = ${sum}`;
  return `${head}, where ${where.join("; ")}. Scores run from 0 to 1; higher is better.`;
}

/**
 * The composite score: a weighted mean of accuracy, speed headroom, memory headroom and measured
 * on-device fine-tuning (its constraint passes), multiplied by the fail penalty when a hard constraint
 * fails — data locality, measured by the egress audit, is one by default. Headroom (1 − used / budget)
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
    // Measured on the device and passing; not measured (or only claimed by the manifest) counts 0.
    fineTuning: constraints.fineTuning.status === "pass" ? 1 : 0,
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
