import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { LeaderboardQuery } from "./leaderboard.ts";
import type { ModelKeyRow } from "./model-runs.ts";
import { toCount } from "./raw-values.ts";

/**
 * VALID runs per model in one slice that the hub did not dispatch for that model and suite (kept,
 * never ranked), keyed `id@version`; models without any are absent. One statement of per-model counts,
 * each a seek on all six leading columns of Result_leaderboard_idx (suite, class, verdict, model,
 * version, rankable), so the slice's dispatched runs — nearly all of it — are never read: counting them
 * by a GROUP BY over the slice took 30–60 ms at 224,053 results (bench:dashboard).
 */
export async function notDispatchedCounts(
  db: Db,
  query: LeaderboardQuery,
  models: ModelKeyRow[],
): Promise<Map<string, number>> {
  if (models.length === 0) return new Map();
  const counts = models.map(
    (
      m,
    ) => Prisma.sql`SELECT ${m.modelId} AS "modelId", ${m.modelVersion} AS "modelVersion", COUNT(*) AS "runs"
      FROM "Result"
      WHERE "suiteSha256" = ${query.suiteSha256} AND "deviceClassId" = ${query.deviceClassId}
        AND "verdict" = 'VALID' AND "modelId" = ${m.modelId} AND "modelVersion" = ${m.modelVersion}
        AND "rankable" = false`,
  );
  const rows = await db.prisma.$queryRaw<(ModelKeyRow & { runs: bigint | number })[]>(
    Prisma.sql`${Prisma.join(counts, " UNION ALL ")}`,
  );
  return new Map(
    rows.filter((r) => toCount(r.runs) > 0).map((r) => [`${r.modelId}@${r.modelVersion}`, toCount(r.runs)]),
  );
}
