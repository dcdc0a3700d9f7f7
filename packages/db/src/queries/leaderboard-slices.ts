import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { toCount } from "./raw-values.ts";

/** One (suite, device class) that has results: a leaderboard that can be shown. */
export interface LeaderboardSlice {
  suiteSha256: string;
  deviceClassId: string;
}

export interface CountedSlice extends LeaderboardSlice {
  /** Results of every verdict in the slice. */
  results: number;
}

/**
 * Every (suite, device class) with at least one result, ordered by suite then class. A loose index
 * scan of Result_leaderboard_idx (next suite, then each suite's next class): a few seeks per slice,
 * however many results there are. Results without a suite (local runs) belong to no leaderboard.
 */
export async function leaderboardSlices(db: Db): Promise<LeaderboardSlice[]> {
  return db.prisma.$queryRaw<LeaderboardSlice[]>(Prisma.sql`
    WITH RECURSIVE
      "suites"("sha") AS (
        SELECT MIN("suiteSha256") FROM "Result"
        UNION ALL
        SELECT (SELECT MIN("suiteSha256") FROM "Result" WHERE "suiteSha256" > "suites"."sha")
        FROM "suites" WHERE "suites"."sha" IS NOT NULL
      ),
      "slices"("sha", "cls") AS (
        SELECT "sha", (SELECT MIN("deviceClassId") FROM "Result" WHERE "suiteSha256" = "suites"."sha")
        FROM "suites" WHERE "suites"."sha" IS NOT NULL
        UNION ALL
        SELECT "slices"."sha",
               (SELECT MIN("deviceClassId") FROM "Result"
                WHERE "suiteSha256" = "slices"."sha" AND "deviceClassId" > "slices"."cls")
        FROM "slices" WHERE "slices"."cls" IS NOT NULL
      )
    SELECT "sha" AS "suiteSha256", "cls" AS "deviceClassId" FROM "slices"
    WHERE "cls" IS NOT NULL
    ORDER BY "sha", "cls"
  `);
}

/**
 * Every slice with its number of results, most results first (ties by suite, then class). Reads the
 * whole leaderboard index (~150 ms at a million results here), so callers cache it; it only picks
 * the default leaderboard.
 */
export async function countedLeaderboardSlices(db: Db): Promise<CountedSlice[]> {
  const rows = await db.prisma.$queryRaw<(LeaderboardSlice & { results: bigint })[]>(Prisma.sql`
    SELECT "suiteSha256", "deviceClassId", COUNT(*) AS "results"
    FROM "Result"
    WHERE "suiteSha256" IS NOT NULL
    GROUP BY "suiteSha256", "deviceClassId"
    ORDER BY "results" DESC, "suiteSha256", "deviceClassId"
  `);
  return rows.map((r) => ({ ...r, results: toCount(r.results) }));
}
