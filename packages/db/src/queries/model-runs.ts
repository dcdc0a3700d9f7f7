import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import type { Verdict } from "../generated/prisma/enums.ts";
import type { LeaderboardQuery } from "./leaderboard.ts";
import { toCount } from "./raw-values.ts";

export interface ModelKeyRow {
  modelId: string;
  modelVersion: string;
}

/**
 * The distinct models (id + version) with at least one result of `verdict` in one slice, in code-unit
 * order. A loose index scan: each step seeks Result_leaderboard_idx for the next model id, then each
 * id's next version, so the cost is a few seeks per model however many results the slice holds
 * (a GROUP BY would read every entry: ~40 ms for a 125,000-result slice here).
 */
export async function modelsInSlice(
  db: Db,
  query: LeaderboardQuery,
  verdict: Verdict,
): Promise<ModelKeyRow[]> {
  const where = Prisma.sql`"suiteSha256" = ${query.suiteSha256} AND "deviceClassId" = ${query.deviceClassId} AND "verdict" = ${verdict}`;
  return db.prisma.$queryRaw<ModelKeyRow[]>(Prisma.sql`
    WITH RECURSIVE
      "ids"("id") AS (
        SELECT MIN("modelId") FROM "Result" WHERE ${where}
        UNION ALL
        SELECT (SELECT MIN("modelId") FROM "Result" WHERE ${where} AND "modelId" > "ids"."id")
        FROM "ids" WHERE "ids"."id" IS NOT NULL
      ),
      "versions"("id", "version") AS (
        SELECT "id", (SELECT MIN("modelVersion") FROM "Result" WHERE ${where} AND "modelId" = "ids"."id")
        FROM "ids" WHERE "ids"."id" IS NOT NULL
        UNION ALL
        SELECT "versions"."id",
               (SELECT MIN("modelVersion") FROM "Result"
                WHERE ${where} AND "modelId" = "versions"."id" AND "modelVersion" > "versions"."version")
        FROM "versions" WHERE "versions"."version" IS NOT NULL
      )
    SELECT "id" AS "modelId", "version" AS "modelVersion" FROM "versions"
    WHERE "version" IS NOT NULL
    ORDER BY "id", "version"
  `);
}

/** INVALID runs per model in one slice (reads the index's INVALID range only), in code-unit order. */
export async function invalidRunCounts(
  db: Db,
  query: LeaderboardQuery,
): Promise<(ModelKeyRow & { invalid: number })[]> {
  const rows = await db.prisma.$queryRaw<(ModelKeyRow & { invalid: bigint })[]>(Prisma.sql`
    SELECT "modelId", "modelVersion", COUNT(*) AS "invalid"
    FROM "Result"
    WHERE "suiteSha256" = ${query.suiteSha256} AND "deviceClassId" = ${query.deviceClassId}
      AND "verdict" = 'INVALID'
    GROUP BY "modelId", "modelVersion"
    ORDER BY "modelId", "modelVersion"
  `);
  return rows.map((r) => ({ modelId: r.modelId, modelVersion: r.modelVersion, invalid: toCount(r.invalid) }));
}

/** Dispatched VALID runs of one model in one slice that lack a mean DSC or a per-case time (cannot be ranked). */
export async function incompleteValidRuns(
  db: Db,
  query: LeaderboardQuery,
  model: ModelKeyRow,
): Promise<number> {
  return db.prisma.result.count({
    where: {
      suiteSha256: query.suiteSha256,
      deviceClassId: query.deviceClassId,
      verdict: "VALID",
      modelId: model.modelId,
      modelVersion: model.modelVersion,
      rankable: true,
      OR: [{ meanDice: null }, { perCaseMeanMs: null }],
    },
  });
}
