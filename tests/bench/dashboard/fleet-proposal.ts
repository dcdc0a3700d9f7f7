import type { Db } from "@edgeseg/db";
import { Prisma } from "../../../packages/db/src/generated/prisma/client.ts";

/**
 * The fleet page's data as loadFleet reads it, except the latest telemetry bucket: one MAX seek per
 * device on Telemetry's primary key (deviceId, bucketStart) instead of Prisma's nested
 * `telemetry: { orderBy, take: 1 }`, which fetches every bucket of every device and keeps the first
 * in JavaScript. What a fix in apps/dashboard/lib/fleet/load-fleet.ts would cost; portable SQL.
 */
export async function fleetAsProposed(db: Db) {
  const devices = await db.prisma.device.findMany({
    orderBy: [{ deviceClassId: "asc" }, { name: "asc" }],
    include: {
      deviceClass: { select: { name: true } },
      tags: { select: { tag: true }, orderBy: { tag: "asc" } },
      jobs: {
        where: { status: { in: ["delivered", "running"] } },
        orderBy: { deliveredAt: "desc" },
        take: 1,
      },
    },
  });
  // Row-value IN (SQLite ≥ 3.15, PostgreSQL): the planner seeks the primary key once per device. The
  // same thing written as a join with the MAX in the ON clause scans all of Telemetry instead.
  const latest = await db.prisma.$queryRaw<{ deviceId: string; tempAvgC: number | null }[]>(Prisma.sql`
    SELECT "t"."deviceId", "t"."bucketStart", "t"."tempAvgC", "t"."tempMaxC"
    FROM "Telemetry" AS "t"
    WHERE ("t"."deviceId", "t"."bucketStart") IN (
      SELECT "d"."id", (SELECT MAX("m"."bucketStart") FROM "Telemetry" AS "m" WHERE "m"."deviceId" = "d"."id")
      FROM "Device" AS "d"
    )
  `);
  return { devices, latest };
}
