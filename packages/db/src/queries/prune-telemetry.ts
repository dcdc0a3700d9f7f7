import type { Db } from "../client.ts";

/**
 * Telemetry retention: deletes buckets that started before `before` and returns how many. The hub
 * calls it periodically (e.g. keep 14 days of 5-minute buckets: ~4,000 rows per device); results are
 * never pruned. Served by the Telemetry_bucketStart_idx index.
 */
export async function pruneTelemetry(db: Db, before: Date): Promise<number> {
  const { count } = await db.prisma.telemetry.deleteMany({ where: { bucketStart: { lt: before } } });
  return count;
}
