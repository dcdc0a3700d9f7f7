import type { Db } from "../client.ts";
import type { Verdict } from "../generated/prisma/enums.ts";
import { type CatalogueFacts, catalogueFacts } from "./catalogue-facts.ts";
import { type LeaderboardEntry, type LeaderboardQuery, leaderboard } from "./leaderboard.ts";
import { incompleteValidRuns, invalidRunCounts, type ModelKeyRow, modelsInSlice } from "./model-runs.ts";
import { type OrganMean, organMeans } from "./organ-means.ts";
import { resultReasons } from "./result-reasons.ts";

/** A ranked model's runs in the slice: `rankable` = VALID with a mean DSC and a per-case time. */
export interface ModelRuns {
  rankable: number;
  invalid: number;
}

/** A model's best VALID result with what the five constraints need besides the Result columns. */
export interface DetailedEntry extends LeaderboardEntry {
  /** Per-organ means of the chosen result (accuracy thresholds per organ). */
  organs: OrganMean[];
  /** The catalogue's facts (fine-tuning statement); null when the model is not registered. */
  catalogue: CatalogueFacts | null;
  runs: ModelRuns;
}

/** A model with runs in the slice but none that can be ranked, and its latest run to say why. */
export interface UnrankedModel {
  modelId: string;
  modelVersion: string;
  /** `incomplete`: VALID runs without a mean DSC or a per-case time. */
  runs: { invalid: number; incomplete: number };
  latest: {
    resultId: string;
    status: "succeeded" | "failed";
    verdict: Verdict;
    createdAt: Date;
    /** The document's validity reasons and failure, as the agent reported them. */
    reasons: string[];
  } | null;
}

export interface LeaderboardDetails {
  entries: DetailedEntry[];
  unranked: UnrankedModel[];
}

/**
 * Everything a leaderboard page ranks for one (suite, device class): each model's best VALID result
 * (see `leaderboard`) with its per-organ rows, the catalogue's fine-tuning statement and run counts,
 * and the models left out with their latest run's reasons.
 */
export async function leaderboardDetails(db: Db, query: LeaderboardQuery): Promise<LeaderboardDetails> {
  const [best, invalidRows, validModels] = await Promise.all([
    leaderboard(db, query),
    invalidRunCounts(db, query),
    modelsInSlice(db, query, "VALID"),
  ]);
  const invalid = new Map(invalidRows.map((r) => [keyOf(r), r.invalid]));
  const keys = best.map((e) => ({ id: e.modelId, version: e.modelVersion }));
  const [organs, facts] = await Promise.all([
    organMeans(
      db,
      best.map((e) => e.resultId),
    ),
    catalogueFacts(db, keys),
  ]);
  const entries = best.map((e) => {
    const key = keyOf(e);
    return {
      ...e,
      organs: organs.get(e.resultId) ?? [],
      catalogue: facts.get(key) ?? null,
      runs: { rankable: e.validRuns, invalid: invalid.get(key) ?? 0 },
    };
  });
  // Models with runs here but no rankable one: only INVALID runs, or VALID runs missing a number.
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
      runs: { invalid: invalid.get(key) ?? 0, incomplete: await incompleteValidRuns(db, query, model) },
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
    select: { id: true, status: true, verdict: true, createdAt: true, document: true },
  });
  if (!row) return null;
  return {
    resultId: row.id,
    status: row.status,
    verdict: row.verdict,
    createdAt: row.createdAt,
    reasons: resultReasons(row.document),
  };
}
