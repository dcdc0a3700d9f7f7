import {
  type ConsistencyFlag,
  consistencyFlags,
  DEFAULT_CONSISTENCY_TOLERANCE,
  type DeviceFigure,
  median,
} from "@edgeseg/scoring";
import type { Db } from "../client.ts";
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

/** What consistency reads of a device's figure (DeviceModelStats columns). */
export interface AccuracyColumns {
  deviceId: string;
  meanDice: number | null;
  /** Comma-separated, as stored. */
  backends: string;
}

/**
 * A device's figure as consistencyFlags reads it: its id, DSC and backends, and nothing else — the
 * other numbers are not fetched (they cost at a 500-device class), so they are absent, not zero. Only
 * for consistencyFlags: never rank or show such a figure.
 */
export function accuracyFigure(row: AccuracyColumns): DeviceFigure {
  const figure: Pick<DeviceFigure, "deviceId" | "meanDice" | "backends"> = {
    deviceId: row.deviceId,
    meanDice: row.meanDice,
    backends: row.backends === "" ? [] : row.backends.split(","),
  };
  return figure as DeviceFigure;
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
 * devices through DeviceModelStats' primary key (suite, class, model, version, …) — a seek per slice,
 * never a scan of the table, and only the columns consistency reads. Ordered by suite, then class.
 */
export async function modelConsistency(
  db: Db,
  modelId: string,
  modelVersion: string,
  tolerance = DEFAULT_CONSISTENCY_TOLERANCE,
): Promise<SliceConsistency[]> {
  const out: SliceConsistency[] = [];
  for (const slice of await leaderboardSlices(db)) {
    const rows = await db.prisma.deviceModelStats.findMany({
      where: { ...slice, modelId, modelVersion },
      select: { deviceId: true, meanDice: true, backends: true },
      orderBy: { deviceId: "asc" },
    });
    if (rows.length > 0) out.push(sliceConsistency(slice, rows.map(accuracyFigure), tolerance));
  }
  return out;
}
