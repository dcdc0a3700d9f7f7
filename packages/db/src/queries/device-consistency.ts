import { type ConsistencyFlag, DEFAULT_CONSISTENCY_TOLERANCE } from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import { Prisma } from "../generated/prisma/client.ts";
import {
  type AccuracyColumns,
  accuracyFigure,
  type ModelSliceKey,
  sliceConsistency,
} from "./model-consistency.ts";

/**
 * Whether a device's DSC agrees with its class's: `differs` beyond the tolerance (flagged), `agrees`
 * within it, `alone` when no other device of the class reported a DSC for the model and suite (nothing
 * to compare), `no-dsc` when this device's runs reported none.
 */
export type AgreementStatus = "agrees" | "differs" | "alone" | "no-dsc";

/** One model a device ran on one suite, against the other devices of its class. */
export interface DeviceAgreement {
  suiteSha256: string;
  deviceClassId: string;
  modelId: string;
  modelVersion: string;
  /** This device's figure: the median of its counted runs' DSC, its backends and counted runs. */
  meanDice: number | null;
  backends: string[];
  runs: number;
  /** Devices of the class that reported a DSC for the model and suite (this one included). */
  classDevices: number;
  classMedianDice: number | null;
  /** meanDice − classMedianDice. */
  difference: number | null;
  tolerance: number;
  status: AgreementStatus;
  /** The consistency flag raised for this device, when it differs. */
  flag: ConsistencyFlag | null;
}

type PeerRow = ModelSliceKey & AccuracyColumns & { runs: number | bigint };

/**
 * For each model a device has a fleet figure for (each suite and device class), whether its DSC
 * agrees with the class median for that model and suite — the same consistencyFlags the leaderboard
 * raises. One query: the device's DeviceModelStats rows (its deviceId index) joined to every device's
 * row under the same primary-key prefix, reading only DSC and backends. Ordered by suite, class,
 * model, version.
 */
export async function deviceConsistency(
  db: Db,
  deviceId: string,
  tolerance = DEFAULT_CONSISTENCY_TOLERANCE,
): Promise<DeviceAgreement[]> {
  const rows = await db.prisma.$queryRaw<PeerRow[]>(Prisma.sql`
    SELECT p."suiteSha256", p."deviceClassId", p."modelId", p."modelVersion",
           p."deviceId", p."meanDice", p."backends", p."runs"
    FROM "DeviceModelStats" own
    JOIN "DeviceModelStats" p
      ON p."suiteSha256" = own."suiteSha256" AND p."deviceClassId" = own."deviceClassId"
     AND p."modelId" = own."modelId" AND p."modelVersion" = own."modelVersion"
    WHERE own."deviceId" = ${deviceId}
    ORDER BY p."suiteSha256", p."deviceClassId", p."modelId", p."modelVersion", p."deviceId"
  `);
  const groups: PeerRow[][] = [];
  for (const row of rows) {
    const last = groups.at(-1)?.[0];
    if (last && sameKey(last, row)) groups.at(-1)!.push(row);
    else groups.push([row]);
  }
  return groups.map((peers) => {
    const first = peers[0]!;
    const key = {
      suiteSha256: first.suiteSha256,
      deviceClassId: first.deviceClassId,
      modelId: first.modelId,
      modelVersion: first.modelVersion,
    };
    const mine = peers.find((p) => p.deviceId === deviceId)!;
    const own = accuracyFigure(mine);
    const slice = sliceConsistency(key, peers.map(accuracyFigure), tolerance);
    const flag = slice.flags.find((f) => f.deviceId === deviceId) ?? null;
    const difference =
      own.meanDice === null || slice.classMedianDice === null ? null : own.meanDice - slice.classMedianDice;
    return {
      ...key,
      meanDice: own.meanDice,
      backends: own.backends,
      runs: Number(mine.runs),
      classDevices: slice.reporting,
      classMedianDice: slice.classMedianDice,
      difference,
      tolerance,
      status: flag ? "differs" : own.meanDice === null ? "no-dsc" : slice.reporting < 2 ? "alone" : "agrees",
      flag,
    };
  });
}

const sameKey = (a: ModelSliceKey, b: ModelSliceKey) =>
  a.suiteSha256 === b.suiteSha256 &&
  a.deviceClassId === b.deviceClassId &&
  a.modelId === b.modelId &&
  a.modelVersion === b.modelVersion;
