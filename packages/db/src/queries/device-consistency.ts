import { type ConsistencyFlag, DEFAULT_CONSISTENCY_TOLERANCE } from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import { figureFromRow } from "./device-model-stats.ts";
import { sliceConsistency, sliceDeviceFigures } from "./model-consistency.ts";

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

/**
 * For each model a device has a fleet figure for (each suite and device class), whether its DSC
 * agrees with the class median for that model and suite — the same consistencyFlags the leaderboard
 * raises. The device's rows come through DeviceModelStats(deviceId), its peers through the primary
 * key's prefix. Ordered by suite, class, model, version.
 */
export async function deviceConsistency(
  db: Db,
  deviceId: string,
  tolerance = DEFAULT_CONSISTENCY_TOLERANCE,
): Promise<DeviceAgreement[]> {
  const own = await db.prisma.deviceModelStats.findMany({
    where: { deviceId },
    orderBy: [{ suiteSha256: "asc" }, { deviceClassId: "asc" }, { modelId: "asc" }, { modelVersion: "asc" }],
  });
  const out: DeviceAgreement[] = [];
  for (const row of own) {
    const key = {
      suiteSha256: row.suiteSha256,
      deviceClassId: row.deviceClassId,
      modelId: row.modelId,
      modelVersion: row.modelVersion,
    };
    const mine = figureFromRow(row);
    const slice = sliceConsistency(key, await sliceDeviceFigures(db, key), tolerance);
    const flag = slice.flags.find((f) => f.deviceId === deviceId) ?? null;
    const difference =
      mine.meanDice === null || slice.classMedianDice === null ? null : mine.meanDice - slice.classMedianDice;
    out.push({
      ...key,
      meanDice: mine.meanDice,
      backends: mine.backends,
      runs: mine.runs,
      classDevices: slice.reporting,
      classMedianDice: slice.classMedianDice,
      difference,
      tolerance,
      status: flag ? "differs" : mine.meanDice === null ? "no-dsc" : slice.reporting < 2 ? "alone" : "agrees",
      flag,
    });
  }
  return out;
}
