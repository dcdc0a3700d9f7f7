import type { LeaderboardDetails } from "@edgeseg/db";
import {
  type ClassPolicy,
  type ConstraintKey,
  type Constraints,
  paretoFront,
  rankModels,
} from "@edgeseg/scoring";
import { summaryFromEntry, unrankedReason } from "./summaries.ts";

/** One ranked model as the page and its charts show it: plain, serialisable values. */
export interface LeaderboardRow {
  rank: number;
  modelId: string;
  modelVersion: string;
  label: string;
  resultId: string;
  deviceId: string;
  backend: string;
  constraints: Constraints;
  score: number | null;
  workings: string;
  hardFailures: ConstraintKey[];
  meanDice: number | null;
  meanNsd: number | null;
  perCaseMeanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  rankableRuns: number;
  invalidRuns: number;
  createdAt: string;
  /** On the Pareto front of mean DSC against per-case time. */
  onFront: boolean;
}

export interface ExcludedRow {
  label: string;
  resultId: string | null;
  reason: string;
}

export interface LeaderboardView {
  rows: LeaderboardRow[];
  excluded: ExcludedRow[];
  /** INVALID runs of models that are ranked by another (VALID) run. */
  invalidRunsOfRanked: number;
  formula: string;
  rules: string[];
}

/**
 * Ranks one (suite, device class) with the class's policy: `rankModels` orders and scores the VALID
 * results; models without one are listed as excluded with the reason. The Pareto front is computed
 * on mean DSC (higher is better) against mean per-case time (lower is better).
 */
export function buildLeaderboard(details: LeaderboardDetails, policy: ClassPolicy): LeaderboardView {
  const byResult = new Map(details.entries.map((e) => [e.resultId, e]));
  const ranking = rankModels(details.entries.map(summaryFromEntry), policy);
  const front = new Set(
    paretoFront(
      details.entries.map((e) => ({ id: e.resultId, accuracy: e.meanDice, timeMs: e.perCaseMeanMs })),
    ),
  );
  const rows = ranking.ranked.map((r): LeaderboardRow => {
    const entry = byResult.get(r.summary.resultId ?? "");
    if (!entry) throw new Error(`ranked result ${r.summary.resultId} is not among the entries`);
    return {
      rank: r.rank,
      modelId: entry.modelId,
      modelVersion: entry.modelVersion,
      label: `${entry.modelId}@${entry.modelVersion}`,
      resultId: entry.resultId,
      deviceId: entry.deviceId,
      backend: entry.backend,
      constraints: r.constraints,
      score: r.score,
      workings: r.composite.workings,
      hardFailures: r.hardFailures,
      meanDice: entry.meanDice,
      meanNsd: entry.meanNsd,
      perCaseMeanMs: entry.perCaseMeanMs,
      p50Ms: entry.p50Ms,
      p90Ms: entry.p90Ms,
      p99Ms: entry.p99Ms,
      peakRssMb: entry.peakRssMb,
      rankableRuns: entry.runs.rankable,
      invalidRuns: entry.runs.invalid,
      createdAt: entry.createdAt.toISOString(),
      onFront: front.has(entry.resultId),
    };
  });
  const excluded: ExcludedRow[] = [
    ...ranking.excluded.map((e) => ({
      label: `${e.model.id}@${e.model.version}`,
      resultId: e.resultId,
      reason: e.reason,
    })),
    ...details.unranked.map((u) => ({
      label: `${u.modelId}@${u.modelVersion}`,
      resultId: u.latest?.resultId ?? null,
      reason: unrankedReason(u),
    })),
  ];
  return {
    rows,
    excluded,
    invalidRunsOfRanked: details.entries.reduce((n, e) => n + e.runs.invalid, 0),
    formula: ranking.formula,
    rules: ranking.rules,
  };
}
