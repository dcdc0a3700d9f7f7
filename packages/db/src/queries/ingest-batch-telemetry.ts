import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { insertRows } from "./ingest-batch.ts";

/** One device's telemetry bucket as stored (averages and maxima over its samples). */
export type TelemetryBucketRow = Prisma.TelemetryCreateManyInput & { bucketStart: Date };

const COLUMNS = Object.values(Prisma.TelemetryScalarFieldEnum);
const KEY = ["deviceId", "bucketStart"];
const ON_CONFLICT = ` ON CONFLICT ("deviceId", "bucketStart") DO UPDATE SET ${COLUMNS.filter(
  (c) => !KEY.includes(c),
)
  .map((c) => `"${c}" = excluded."${c}"`)
  .join(", ")}`;

/**
 * Writes telemetry buckets (insert, or replace the bucket's figures) in one transaction with
 * one `INSERT … SELECT … ON CONFLICT DO UPDATE` statement over the rows as JSON (insertRows), which
 * SQLite (3.24+) and PostgreSQL both speak: a thousand devices' buckets cost one statement instead of
 * a thousand Prisma upserts.
 */
export async function upsertTelemetryBuckets(db: Db, rows: TelemetryBucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.prisma.$transaction((tx) =>
    insertRows(tx, db.provider, "Telemetry", COLUMNS, rows as Record<string, unknown>[], ON_CONFLICT),
  );
}
