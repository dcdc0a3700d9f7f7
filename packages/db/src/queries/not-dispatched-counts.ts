import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { LeaderboardQuery } from "./leaderboard.ts";
import type { ModelKeyRow } from "./model-runs.ts";
import { toBool, toCount } from "./raw-values.ts";

export interface SliceRunCounts extends ModelKeyRow {
  /** VALID runs answering a dispatched job. */
  rankable: number;
  /** VALID runs the hub did not dispatch for this model and suite. */
  notDispatched: number;
  invalid: number;
}

/**
 * Every model's runs in one slice by verdict and rankability, keyed `id@version`: one pass over the
 * slice's entries in Result_leaderboard_idx (suite, class, verdict, model, version, rankable, …),
 * index only, never the table.
 */
export async function sliceRunCounts(db: Db, query: LeaderboardQuery): Promise<Map<string, SliceRunCounts>> {
  const rows = await db.prisma.$queryRaw<
    (ModelKeyRow & { verdict: string; rankable: boolean | number | bigint; runs: bigint | number })[]
  >(Prisma.sql`
    SELECT "modelId", "modelVersion", "verdict", "rankable", COUNT(*) AS "runs"
    FROM "Result"
    WHERE "suiteSha256" = ${query.suiteSha256} AND "deviceClassId" = ${query.deviceClassId}
    GROUP BY "verdict", "modelId", "modelVersion", "rankable"
  `);
  const counts = new Map<string, SliceRunCounts>();
  for (const row of rows) {
    const key = `${row.modelId}@${row.modelVersion}`;
    const entry = counts.get(key) ?? {
      modelId: row.modelId,
      modelVersion: row.modelVersion,
      rankable: 0,
      notDispatched: 0,
      invalid: 0,
    };
    const n = toCount(row.runs);
    if (row.verdict === "INVALID") entry.invalid += n;
    else if (toBool(row.rankable)) entry.rankable += n;
    else entry.notDispatched += n;
    counts.set(key, entry);
  }
  return counts;
}
