import { type CompositeScore, compositeFormula, compositeScore } from "./composite.ts";
import { evaluateConstraints, hardFailures } from "./constraints/index.ts";
import type { ConstraintKey, Constraints } from "./constraints/types.ts";
import type { ClassPolicy } from "./policy.ts";
import { compareKeys, compareNames } from "./rank-order.ts";
import { RANKING_RULES } from "./rules.ts";
import { type ModelRunSummary, modelLabel } from "./summary.ts";

export interface RankedModel {
  summary: ModelRunSummary;
  constraints: Constraints;
  /** The composite score (null when a needed number is missing); its workings are in `composite`. */
  score: number | null;
  composite: CompositeScore;
  /** The policy's hard constraints this result fails. */
  hardFailures: ConstraintKey[];
  /** Standard competition rank: fully equal models share it, the next rank skips (1, 1, 3). */
  rank: number;
}

export interface ExcludedModel {
  model: { id: string; version: string };
  resultId: string | null;
  reason: string;
}

export interface Ranking {
  ranked: RankedModel[];
  excluded: ExcludedModel[];
  /** The composite formula for this policy, for the page to print. */
  formula: string;
  rules: string[];
}

/** Why a result may not be ranked, or null when it may. Only VALID, succeeded runs count. */
export function exclusionReason(summary: ModelRunSummary): string | null {
  if (summary.verdict !== "VALID") {
    const reasons = summary.verdictReasons.filter((r) => r.trim() !== "");
    return `INVALID result: ${reasons.length > 0 ? reasons.join("; ") : "no reason recorded"}. Only VALID results are ranked.`;
  }
  if (summary.status !== "succeeded") return "The run failed. Only succeeded VALID runs are ranked.";
  return null;
}

/** Ranks the VALID results of one (suite, device class) against the class's policy. See RANKING_RULES. */
export function rankModels(summaries: ModelRunSummary[], policy: ClassPolicy): Ranking {
  const excluded: ExcludedModel[] = [];
  const candidates: Omit<RankedModel, "rank">[] = [];
  for (const summary of summaries) {
    const reason = exclusionReason(summary);
    if (reason !== null) {
      excluded.push(excludedEntry(summary, reason));
      continue;
    }
    const constraints = evaluateConstraints(summary, policy);
    const composite = compositeScore(summary, constraints, policy);
    const failures = hardFailures(constraints, policy);
    candidates.push({ summary, constraints, score: composite.score, composite, hardFailures: failures });
  }
  candidates.sort((a, b) => compareKeys(a, b) || compareNames(a.summary, b.summary));

  const kept: Omit<RankedModel, "rank">[] = [];
  const seen = new Map<string, ModelRunSummary>();
  for (const entry of candidates) {
    const label = modelLabel(entry.summary);
    const better = seen.get(label);
    if (better) {
      const which = better.resultId ? ` (result ${better.resultId})` : "";
      excluded.push(excludedEntry(entry.summary, `Another result of ${label}${which} ranks higher.`));
      continue;
    }
    seen.set(label, entry.summary);
    kept.push(entry);
  }

  const ranked = kept.map((entry, i) => ({ ...entry, rank: i + 1 }));
  for (let i = 1; i < ranked.length; i++) {
    const [prev, cur] = [ranked[i - 1], ranked[i]];
    if (prev && cur && compareKeys(prev, cur) === 0) cur.rank = prev.rank;
  }
  return { ranked, excluded, formula: compositeFormula(policy), rules: [...RANKING_RULES] };
}

function excludedEntry(summary: ModelRunSummary, reason: string): ExcludedModel {
  return {
    model: { id: summary.model.id, version: summary.model.version },
    resultId: summary.resultId,
    reason,
  };
}
