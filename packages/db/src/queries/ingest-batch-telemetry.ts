import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import { insertRows } from "./ingest-batch.ts";

/** One device's telemetry bucket as stored (averages and maxima over its samples). */
export type TelemetryBucketRow = Prisma.TelemetryCreateManyInput & { bucketStart: Date };

const COLUMNS = Object.values(Prisma.TelemetryScalarFieldEnum);
const T = `"Telemetry"`;
/** The stored average and the written one, each weighted by its own count. */
const mean = (c: string, n: string) =>
  `"${c}" = CASE WHEN ${T}."${c}" IS NULL THEN excluded."${c}" WHEN excluded."${c}" IS NULL THEN ${T}."${c}" ` +
  `ELSE (${T}."${c}" * ${T}."${n}" + excluded."${c}" * excluded."${n}") / (${T}."${n}" + excluded."${n}") END`;
const larger = (c: string) =>
  `"${c}" = CASE WHEN ${T}."${c}" IS NULL OR excluded."${c}" > ${T}."${c}" THEN excluded."${c}" ELSE ${T}."${c}" END`;
const ON_CONFLICT = ` ON CONFLICT ("deviceId", "bucketStart") DO UPDATE SET ${[
  mean("cpuAvg", "samples"),
  larger("cpuMax"),
  mean("memAvgMb", "samples"),
  larger("memMaxMb"),
  mean("tempAvgC", "tempSamples"),
  larger("tempMaxC"),
  `"samples" = ${T}."samples" + excluded."samples"`,
  `"tempSamples" = ${T}."tempSamples" + excluded."tempSamples"`,
].join(", ")}`;

/**
 * Adds telemetry buckets to the stored ones in one transaction: each row holds samples not yet
 * written (a hub's since its last write) and is merged into its device's stored bucket — counts
 * added, averages weighted by their counts, maxima kept — so several hubs, each holding part of one
 * device's heartbeats, add up instead of overwriting each other. One `INSERT … SELECT … ON CONFLICT
 * DO UPDATE` statement over the rows as JSON (insertRows), which SQLite (3.24+) and PostgreSQL both
 * speak: a thousand devices' buckets cost one statement. Within one call each (device, bucket) may
 * appear once.
 */
export async function addTelemetryBuckets(db: Db, rows: TelemetryBucketRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.prisma.$transaction((tx) =>
    insertRows(tx, db.provider, "Telemetry", COLUMNS, rows as Record<string, unknown>[], ON_CONFLICT),
  );
}
