import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { toDate } from "./raw-values.ts";

export interface LatestTelemetry {
  deviceId: string;
  bucketStart: Date;
  tempAvgC: number | null;
  tempMaxC: number | null;
}

/**
 * Each device's newest telemetry bucket: one MAX seek per device on the primary key (deviceId,
 * bucketStart). Prisma's nested `telemetry: { orderBy, take: 1 }` fetches every bucket of every device
 * and keeps one in JavaScript — 22 s at 2 million buckets. Row-value IN is portable (SQLite ≥ 3.15,
 * PostgreSQL); the same thing written as a join scans the whole table in SQLite.
 */
export async function latestTelemetry(
  db: Pick<Db, "prisma"> | Db["prisma"],
): Promise<Map<string, LatestTelemetry>> {
  const prisma = "prisma" in db ? db.prisma : db;
  const rows = await prisma.$queryRaw<
    { deviceId: string; bucketStart: unknown; tempAvgC: number | null; tempMaxC: number | null }[]
  >(Prisma.sql`
    SELECT "t"."deviceId", "t"."bucketStart", "t"."tempAvgC", "t"."tempMaxC"
    FROM "Telemetry" AS "t"
    WHERE ("t"."deviceId", "t"."bucketStart") IN (
      SELECT "d"."id", (SELECT MAX("m"."bucketStart") FROM "Telemetry" AS "m" WHERE "m"."deviceId" = "d"."id")
      FROM "Device" AS "d"
    )
  `);
  return new Map(
    rows.map((r) => [
      r.deviceId,
      {
        deviceId: r.deviceId,
        bucketStart: toDate(r.bucketStart as string | number | Date)!,
        tempAvgC: r.tempAvgC === null ? null : Number(r.tempAvgC),
        tempMaxC: r.tempMaxC === null ? null : Number(r.tempMaxC),
      },
    ]),
  );
}
