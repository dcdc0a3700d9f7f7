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
 * Result_leaderboard_idx is sorted (suite, class, verdict, model, version) and then exactly in the
 * ranking order (meanDice DESC, perCaseMeanMs, createdAt, id), so a model's best run is the first
 * rankable entry of its range. The query counts each model's rankable runs (one pass over the slice's
 * VALID entries, index only), then seeks that first entry per model (ORDER BY … LIMIT 1 in the
 * index's own order: a few index pages, no sort), then fetches only the winning rows by primary key.
 * A window function (ROW_NUMBER over the slice) gives the same answer but buffers and numbers every
 * entry: 187 ms against 21 ms for a 224,053-result slice (bench:dashboard, 1,000,000 results). Portable
 * SQL: a correlated scalar subquery with ORDER BY and LIMIT runs on SQLite and PostgreSQL alike.
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
  const rankable = Prisma.sql`"suiteSha256" = ${query.suiteSha256}
          AND "deviceClassId" = ${query.deviceClassId}
          AND "verdict" = 'VALID'
          AND "meanDice" IS NOT NULL
          AND "perCaseMeanMs" IS NOT NULL`;
  return Prisma.sql`
    SELECT "r"."modelId", "r"."modelVersion", "r"."id" AS "resultId", "r"."deviceId", "r"."backend",
           "r"."meanDice", "r"."meanNsd", "r"."minOrganDice", "r"."minOrganNsd", "r"."perCaseMeanMs",
           "r"."p50Ms", "r"."p90Ms", "r"."p99Ms", "r"."peakRssMb", "r"."throttled", "r"."createdAt",
           "best"."validRuns"
    FROM (
      SELECT "models"."validRuns",
             (SELECT "b"."id" FROM "Result" AS "b"
              WHERE ${rankable}
                AND "b"."modelId" = "models"."modelId" AND "b"."modelVersion" = "models"."modelVersion"
              ORDER BY "b"."meanDice" DESC, "b"."perCaseMeanMs" ASC, "b"."createdAt" ASC, "b"."id" ASC
              LIMIT 1) AS "id"
      FROM (
        SELECT "modelId", "modelVersion", COUNT(*) AS "validRuns"
        FROM "Result"
        WHERE ${rankable}
        GROUP BY "modelId", "modelVersion"
      ) AS "models"
    ) AS "best"
    JOIN "Result" AS "r" ON "r"."id" = "best"."id"
    ORDER BY "r"."meanDice" DESC, "r"."perCaseMeanMs" ASC, "r"."modelId" ASC, "r"."modelVersion" ASC
  `;
}
