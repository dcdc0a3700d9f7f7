import { type DeviceFigure, deviceFigure, type FleetRun } from "@edgeseg/scoring";
import type { Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

/** One device's runs of one model on one suite and device class: a DeviceModelStats row's key. */
export interface DeviceModelKey {
  suiteSha256: string;
  deviceClassId: string;
  modelId: string;
  modelVersion: string;
  deviceId: string;
}

type Tx = Prisma.TransactionClient | Db["prisma"];

const runColumns = {
  id: true,
  status: true,
  verdict: true,
  rankable: true,
  backend: true,
  stable: true,
  meanDice: true,
  meanNsd: true,
  minOrganDice: true,
  minOrganNsd: true,
  perCaseMeanMs: true,
  p50Ms: true,
  p90Ms: true,
  p99Ms: true,
  peakRssMb: true,
  throttled: true,
  egressBytes: true,
  egressMessages: true,
  egressLargestBytes: true,
  fineTuningStatus: true,
  fineTuningFailure: true,
  fineTuningStepMs: true,
  fineTuningPlateauMs: true,
  fineTuningPeakRssMb: true,
  fineTuningDiceBefore: true,
  fineTuningDiceAfter: true,
  energyPerCaseJ: true,
  ramGbS: true,
  p50Cov: true,
  createdAt: true,
} as const;

/**
 * Rewrites one device's DeviceModelStats row from its stored runs (@edgeseg/scoring's deviceFigure
 * decides which runs count and how), or deletes it when no run counts any more. Runs in the caller's
 * transaction, so a result and the figure it changes commit together. Reads the device's runs of the
 * model through Result(deviceId, modelId, modelVersion, suiteSha256): a few rows, whatever the size of
 * the table.
 */
export async function refreshDeviceModelStats(tx: Tx, key: DeviceModelKey): Promise<DeviceFigure | null> {
  const rows = await tx.result.findMany({
    where: {
      deviceId: key.deviceId,
      modelId: key.modelId,
      modelVersion: key.modelVersion,
      suiteSha256: key.suiteSha256,
      deviceClassId: key.deviceClassId,
      rankable: true,
    },
    select: runColumns,
  });
  const figure = deviceFigure(
    key.deviceId,
    rows.map(({ id, ...run }): FleetRun => ({ resultId: id, ...run })),
  );
  const where = { suiteSha256_deviceClassId_modelId_modelVersion_deviceId: key };
  if (figure === null) {
    await tx.deviceModelStats.deleteMany({ where: key });
    return null;
  }
  const data = statsColumns(figure);
  await tx.deviceModelStats.upsert({ where, create: { ...key, ...data }, update: data });
  return figure;
}

/** A figure as DeviceModelStats columns. */
function statsColumns(f: DeviceFigure) {
  const { deviceId: _deviceId, backends, ...numbers } = f;
  return { ...numbers, backends: backends.join(",") };
}

/** A DeviceModelStats row back as the figure scoring reads. */
export function figureFromRow(row: Prisma.DeviceModelStatsGetPayload<object>): DeviceFigure {
  const { suiteSha256: _s, deviceClassId: _c, modelId: _m, modelVersion: _v, backends, ...rest } = row;
  return { ...rest, backends: backends === "" ? [] : backends.split(",") };
}

/**
 * Rebuilds every DeviceModelStats row from Result: after the migration that created the table, and
 * for databases loaded in bulk (bench:dashboard). Returns the number of rows written.
 */
export async function rebuildDeviceModelStats(db: Db): Promise<number> {
  const keys = await db.prisma.$queryRaw<DeviceModelKey[]>`
    SELECT DISTINCT "suiteSha256", "deviceClassId", "modelId", "modelVersion", "deviceId"
    FROM "Result" WHERE "suiteSha256" IS NOT NULL AND "rankable" = true`;
  await db.prisma.deviceModelStats.deleteMany({});
  let written = 0;
  for (const key of keys) {
    if (await refreshDeviceModelStats(db.prisma, key)) written += 1;
  }
  return written;
}
