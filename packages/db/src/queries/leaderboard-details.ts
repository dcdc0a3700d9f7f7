import { type ClassFigure, type ConsistencyFlag, classFigure, consistencyFlags } from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import type { Verdict } from "../generated/prisma/enums.ts";
import { type CatalogueFacts, catalogueFacts } from "./catalogue-facts.ts";
import { type LeaderboardQuery, leaderboard } from "./leaderboard.ts";
import { incompleteValidRuns, invalidRunCounts, type ModelKeyRow, modelsInSlice } from "./model-runs.ts";
import { notDispatchedCounts } from "./not-dispatched-counts.ts";
import { type OrganMean, organMeans } from "./organ-means.ts";
import { resultReasons } from "./result-reasons.ts";
import { resultWeights } from "./result-weights.ts";

/** A model's runs in the slice, by what the ranking does with them. */
export interface ModelRuns {
  /** Dispatched VALID runs in the fleet figure (a device's UNSTABLE runs count only when it has no stable one). */
  rankable: number;
  invalid: number;
  /** VALID runs the hub did not dispatch for this model and suite: kept, never ranked. */
  notDispatched: number;
}

/** A model's fleet figure on one (suite, device class) with what the five constraints need besides. */
export interface DetailedEntry {
  modelId: string;
  modelVersion: string;
  figure: ClassFigure;
  /** Devices whose DSC differs from the class median beyond the tolerance. */
  consistency: ConsistencyFlag[];
  /** Per-organ means of the representative device's median run (accuracy thresholds per organ). */
  organs: OrganMean[];
  /** The catalogue's facts (fine-tuning statement); null when the model is not registered. */
  catalogue: CatalogueFacts | null;
  runs: ModelRuns;
}

/** A model with runs in the slice but none that can be ranked, and its latest run to say why. */
export interface UnrankedModel {
  modelId: string;
  modelVersion: string;
  /** `incomplete`: dispatched VALID runs without a mean DSC or a per-case time. */
  runs: { invalid: number; incomplete: number; notDispatched: number };
  latest: {
    resultId: string;
    status: "succeeded" | "failed";
    verdict: Verdict;
    createdAt: Date;
    /** The document's validity reasons and failure, as the agent reported them. */
    reasons: string[];
    /** Why the hub does not rank it (not dispatched, another model than its job, …), if so. */
    unrankedReason: string | null;
    /** "synthetic": a skeleton's run (timing and memory only, no accuracy to rank by). */
    weights: "own" | "synthetic";
  } | null;
}

export interface LeaderboardDetails {
  entries: DetailedEntry[];
  unranked: UnrankedModel[];
}

/**
 * Everything a leaderboard page ranks for one (suite, device class): each model's fleet figure (the
 * class statistic over its devices' own medians, @edgeseg/scoring's classFigure) with the representative
 * run's per-organ rows, consistency flags, the catalogue's fine-tuning statement and run counts, and the
 * models left out with their latest run's reasons.
 */
export async function leaderboardDetails(db: Db, query: LeaderboardQuery): Promise<LeaderboardDetails> {
  const [fleet, validModels, invalidRows] = await Promise.all([
    leaderboard(db, query),
    modelsInSlice(db, query, "VALID"),
    invalidRunCounts(db, query),
  ]);
  const notDispatched = await notDispatchedCounts(db, query, validModels);
  const invalid = new Map(invalidRows.map((r) => [keyOf(r), r.invalid]));
  const figures = fleet.flatMap((e) => {
    const figure = classFigure(e.devices);
    return figure ? [{ ...e, figure }] : [];
  });
  const keys = figures.map((e) => ({ id: e.modelId, version: e.modelVersion }));
  const representative = figures.flatMap((e) => e.figure.representative?.resultId ?? []);
  const [organs, facts] = await Promise.all([organMeans(db, representative), catalogueFacts(db, keys)]);
  const entries = figures.map((e): DetailedEntry => {
    const key = keyOf(e);
    return {
      modelId: e.modelId,
      modelVersion: e.modelVersion,
      figure: e.figure,
      consistency: consistencyFlags(e.figure.perDevice),
      organs: organs.get(e.figure.representative?.resultId ?? "") ?? [],
      catalogue: facts.get(key) ?? null,
      runs: {
        rankable: e.figure.runs,
        invalid: invalid.get(key) ?? 0,
        notDispatched: notDispatched.get(key) ?? 0,
      },
    };
  });
  // Models with runs here but no figure: only INVALID runs, VALID runs missing a number, or runs the
  // hub did not dispatch.
  const ranked = new Set(entries.map(keyOf));
  const others = new Map<string, ModelKeyRow>();
  for (const m of [...invalidRows, ...validModels]) {
    others.set(keyOf(m), { modelId: m.modelId, modelVersion: m.modelVersion });
  }
  const unranked: UnrankedModel[] = [];
  for (const [key, model] of [...others].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (ranked.has(key)) continue;
    unranked.push({
      ...model,
      runs: {
        invalid: invalid.get(key) ?? 0,
        incomplete: await incompleteValidRuns(db, query, model),
        notDispatched: notDispatched.get(key) ?? 0,
      },
      latest: await latestRun(db, query, model),
    });
  }
  return { entries, unranked };
}

const keyOf = (m: ModelKeyRow) => `${m.modelId}@${m.modelVersion}`;

async function latestRun(
  db: Db,
  query: LeaderboardQuery,
  model: { modelId: string; modelVersion: string },
): Promise<UnrankedModel["latest"]> {
  const row = await db.prisma.result.findFirst({
    // Naming both verdicts changes no answer (verdict is NOT NULL, one of the two) but lets SQLite seek
    // Result_leaderboard_idx on all five leading columns; without it the planner takes the (model,
    // version) index and reads every run of the model in every slice, documents included (~60 ms
    // each at a million results, against ~1 ms).
    where: {
      suiteSha256: query.suiteSha256,
      deviceClassId: query.deviceClassId,
      verdict: { in: ["VALID", "INVALID"] },
      ...model,
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    select: { id: true, status: true, verdict: true, createdAt: true, document: true, unrankedReason: true },
  });
  if (!row) return null;
  return {
    resultId: row.id,
    status: row.status,
    verdict: row.verdict,
    createdAt: row.createdAt,
    reasons: resultReasons(row.document),
    unrankedReason: row.unrankedReason,
    weights: resultWeights(row.document),
  };
}
