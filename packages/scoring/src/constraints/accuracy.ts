import { capitalise, known, num, plural } from "../format.ts";
import type { ClassPolicy } from "../policy.ts";
import type { ModelRunSummary } from "../summary.ts";
import { type ConstraintResult, type ConstraintStatus, combineStatus } from "./types.ts";

interface Check {
  status: ConstraintStatus;
  /** Why it is not a pass, for the detail line. */
  note: string | null;
}

/** value ≥ threshold (meeting the threshold passes); a missing value is unknown, never a fail. */
function atLeast(label: string, value: number | null | undefined, threshold: number): Check {
  const v = known(value);
  if (v === null) return { status: "unknown", note: `${label} not reported` };
  if (v >= threshold) return { status: "pass", note: null };
  return { status: "fail", note: `${label} ${num(v)} < ${num(threshold)}` };
}

/**
 * Constraint 2, clinically acceptable accuracy: mean DSC and mean NSD at or above the class thresholds,
 * and every per-organ threshold met for the organs the result reports. A threshold for an organ the
 * dataset does not contain does not apply; when the per-organ rows are not available at all, the
 * per-organ thresholds are unknown.
 */
export function evaluateAccuracy(summary: ModelRunSummary, policy: ClassPolicy): ConstraintResult {
  const checks: Check[] = [
    atLeast("DSC", summary.meanDice, policy.diceThreshold),
    atLeast("NSD", summary.meanNsd, policy.nsdThreshold),
  ];
  const organNames = Object.keys(policy.organThresholds).sort();
  const perOrgan = summary.perOrgan;
  let applicable = 0;
  if (perOrgan === null && organNames.length > 0) {
    checks.push({
      status: "unknown",
      note: `per-organ results not available (thresholds for ${organNames.join(", ")})`,
    });
  }
  for (const organ of perOrgan === null ? [] : organNames) {
    const threshold = policy.organThresholds[organ];
    const measured = perOrgan?.[organ];
    if (!threshold || !measured) continue;
    applicable += 1;
    if (threshold.dice !== undefined) checks.push(atLeast(`${organ} DSC`, measured.meanDice, threshold.dice));
    if (threshold.nsd !== undefined) checks.push(atLeast(`${organ} NSD`, measured.meanNsd, threshold.nsd));
  }

  const status = combineStatus(checks.map((c) => c.status));
  const dice = known(summary.meanDice);
  const nsd = known(summary.meanNsd);
  const parts = [
    `DSC ${dice === null ? "n/a" : num(dice)} (≥ ${num(policy.diceThreshold)})`,
    `NSD ${nsd === null ? "n/a" : num(nsd)} (≥ ${num(policy.nsdThreshold)})`,
  ];
  if (applicable > 0) {
    const organFails = checks.slice(2).filter((c) => c.status === "fail").length;
    parts.push(
      organFails === 0
        ? `per-organ thresholds met (${plural(applicable, "organ")})`
        : `${plural(organFails, "per-organ check")} failed`,
    );
  }
  const notes = checks.filter((c) => c.status === "fail").map((c) => c.note);
  notes.push(...checks.filter((c) => c.status === "unknown").map((c) => c.note));
  return {
    status,
    value: parts.join(", "),
    detail:
      status === "pass"
        ? "Mean DSC and NSD meet the class thresholds, and so does every organ with its own threshold."
        : `${capitalise(notes.join("; "))}.`,
  };
}
