import {
  type ConsistencyFlag,
  consistencyFlags,
  DEFAULT_CONSISTENCY_TOLERANCE,
  type DeviceFigure,
  median,
} from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import { figureFromRow } from "./device-model-stats.ts";
import { leaderboardSlices } from "./leaderboard-slices.ts";

/** One model version on one (suite, device class): the DeviceModelStats primary key's prefix. */
export interface ModelSliceKey {
  suiteSha256: string;
  deviceClassId: string;
  modelId: string;
  modelVersion: string;
}

/** Cross-device accuracy of one model on one (suite, device class). */
export interface SliceConsistency {
  suiteSha256: string;
  deviceClassId: string;
  /** Devices with a figure for the model, and those among them that reported a DSC. */
  devices: number;
  reporting: number;
  /** Median across the reporting devices of each device's median DSC; null when none reported one. */
  classMedianDice: number | null;
  tolerance: number;
  /** Devices whose DSC differs from the class median by more than the tolerance (consistencyFlags). */
  flags: ConsistencyFlag[];
}

/**
 * Every device's figure for one model version on one (suite, device class): the DeviceModelStats
 * rows under the primary key's four-column prefix, by device id.
 */
export async function sliceDeviceFigures(db: Db, key: ModelSliceKey): Promise<DeviceFigure[]> {
  const rows = await db.prisma.deviceModelStats.findMany({ where: key, orderBy: { deviceId: "asc" } });
  return rows.map(figureFromRow);
}

/** The consistency of one slice's device figures: @edgeseg/scoring's flags, with the median they use. */
export function sliceConsistency(
  slice: { suiteSha256: string; deviceClassId: string },
  devices: readonly DeviceFigure[],
  tolerance = DEFAULT_CONSISTENCY_TOLERANCE,
): SliceConsistency {
  const dice = devices.flatMap((d) => (d.meanDice === null ? [] : [d.meanDice]));
  return {
    suiteSha256: slice.suiteSha256,
    deviceClassId: slice.deviceClassId,
    devices: devices.length,
    reporting: dice.length,
    classMedianDice: median(dice),
    tolerance,
    flags: consistencyFlags(devices, tolerance),
  };
}

/**
 * Cross-device consistency of one model version on every (suite, device class) it has device figures
 * in, for its model card: the slices come from the leaderboard index's loose scan, and each slice's
 * figures through DeviceModelStats' primary key (suite, class, model, version, …) — a few seeks per
 * slice, never a scan of the table. Ordered by suite, then class.
 */
export async function modelConsistency(
  db: Db,
  modelId: string,
  modelVersion: string,
  tolerance = DEFAULT_CONSISTENCY_TOLERANCE,
): Promise<SliceConsistency[]> {
  const out: SliceConsistency[] = [];
  for (const slice of await leaderboardSlices(db)) {
    const devices = await sliceDeviceFigures(db, { ...slice, modelId, modelVersion });
    if (devices.length > 0) out.push(sliceConsistency(slice, devices, tolerance));
  }
  return out;
}
