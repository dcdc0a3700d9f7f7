import type { DeviceFigure } from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import { figureFromRow } from "./device-model-stats.ts";

export interface LeaderboardQuery {
  suiteSha256: string;
  deviceClassId: string;
}

/** A model's devices in one (suite, device class): each device's figure, the input of the fleet statistic. */
export interface FleetEntry {
  modelId: string;
  modelVersion: string;
  /** One figure per device, by device id (code-unit order). */
  devices: DeviceFigure[];
}

/**
 * Every device's figure for every model of one (suite, device class), from DeviceModelStats: one row
 * per device and model, kept current at ingest (refreshDeviceModelStats), so the slice's size in runs
 * does not matter — a class of 500 devices and 20 models reads 10,000 rows through the primary key's
 * prefix, however many runs stand behind them. The statistic across devices is @edgeseg/scoring's
 * classFigure; this only fetches. Models in code-unit order.
 */
export async function leaderboard(db: Db, query: LeaderboardQuery): Promise<FleetEntry[]> {
  const rows = await db.prisma.deviceModelStats.findMany({
    where: { suiteSha256: query.suiteSha256, deviceClassId: query.deviceClassId },
    orderBy: [{ modelId: "asc" }, { modelVersion: "asc" }, { deviceId: "asc" }],
  });
  const entries: FleetEntry[] = [];
  for (const row of rows) {
    const last = entries.at(-1);
    const figure = figureFromRow(row);
    if (last && last.modelId === row.modelId && last.modelVersion === row.modelVersion) {
      last.devices.push(figure);
    } else {
      entries.push({ modelId: row.modelId, modelVersion: row.modelVersion, devices: [figure] });
    }
  }
  return entries;
}
