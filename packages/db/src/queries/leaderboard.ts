import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";

export interface LeaderboardQuery {
  suiteSha256: string;
  deviceClassId: string;
}

/** A model's best VALID result on one suite and device class, with the numbers a ranking needs. */
export interface LeaderboardEntry {
  modelId: string;
  modelVersion: string;
  resultId: string;
  deviceId: string;
  backend: string;
  meanDice: number;
  meanNsd: number | null;
  minOrganDice: number | null;
  minOrganNsd: number | null;
  perCaseMeanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  throttled: boolean | null;
  createdAt: Date;
  /** How many VALID results the model has in this slice (the best is one of them). */
  validRuns: number;
}

type Row = Omit<LeaderboardEntry, "validRuns" | "throttled" | "createdAt"> & {
  validRuns: bigint | number;
  throttled: boolean | number | null;
  createdAt: Date | string;
};

/**
 * Best VALID result per model (id + version) within one (suite, device class): highest mean DSC,
 * ties to the lower per-case time, then the earlier run, then the id, so the answer is deterministic.
 * A result without a mean DSC or a per-case time cannot be ranked (nor held to a time budget) and is
 * left out — which also keeps NULLs, sorted at opposite ends by SQLite and PostgreSQL, out of the
 * ordering. Ordered best first.
 *
 * One window-function query (SQLite ≥ 3.25 and PostgreSQL alike). The ranking reads only
 * Result_leaderboard_idx, which holds every column it needs in the order it sorts by, so it touches
 * neither the table nor other slices; only the winning rows are then fetched by primary key. Prisma's
 * `distinct` would instead load every row of the slice and deduplicate in JavaScript.
 */
export async function leaderboard(db: Db, query: LeaderboardQuery): Promise<LeaderboardEntry[]> {
  const rows = await db.prisma.$queryRaw<Row[]>(leaderboardSql(query));
  return rows.map((row) => ({
    ...row,
    throttled: row.throttled === null ? null : Boolean(row.throttled),
    createdAt: row.createdAt instanceof Date ? row.createdAt : new Date(row.createdAt),
    validRuns: Number(row.validRuns),
  }));
}

export function leaderboardSql(query: LeaderboardQuery): Prisma.Sql {
  return Prisma.sql`
    SELECT "r"."modelId", "r"."modelVersion", "r"."id" AS "resultId", "r"."deviceId", "r"."backend",
           "r"."meanDice", "r"."meanNsd", "r"."minOrganDice", "r"."minOrganNsd", "r"."perCaseMeanMs",
           "r"."p50Ms", "r"."p90Ms", "r"."p99Ms", "r"."peakRssMb", "r"."throttled", "r"."createdAt",
           "best"."validRuns"
    FROM (
      SELECT "id", "validRuns" FROM (
        SELECT "id",
               ROW_NUMBER() OVER "byModel" AS "rank",
               COUNT(*) OVER ("byModel" ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS "validRuns"
        FROM "Result"
        WHERE "suiteSha256" = ${query.suiteSha256}
          AND "deviceClassId" = ${query.deviceClassId}
          AND "verdict" = 'VALID'
          AND "meanDice" IS NOT NULL
          AND "perCaseMeanMs" IS NOT NULL
        WINDOW "byModel" AS (
          PARTITION BY "modelId", "modelVersion"
          ORDER BY "meanDice" DESC, "perCaseMeanMs" ASC, "createdAt" ASC, "id" ASC
        )
      ) AS "ranked"
      WHERE "rank" = 1
    ) AS "best"
    JOIN "Result" AS "r" ON "r"."id" = "best"."id"
    ORDER BY "r"."meanDice" DESC, "r"."perCaseMeanMs" ASC, "r"."modelId" ASC, "r"."modelVersion" ASC
  `;
}
