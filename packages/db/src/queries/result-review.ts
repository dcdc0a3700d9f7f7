import type { Prisma } from "../generated/prisma/client.ts";

/** A rankable run faster than this share of the fastest its class has ranked for the model is flagged. */
export const FASTER_THAN_CLASS_FACTOR = 0.1;
/**
 * DSC is a property of model and dataset, not of the device: runs of one model on one suite's dataset
 * agree across devices to well under this (float order, backend). A run farther than this from every
 * other device's is flagged.
 */
export const DICE_AGREEMENT = 1e-3;

export interface ReviewedRow {
  id: string;
  deviceId: string;
  deviceClassId: string;
  modelId: string;
  modelVersion: string;
  suiteSha256: string;
  perCaseMeanMs: number | null;
  meanDice: number | null;
}

/**
 * Plausibility flags for a rankable run: possible, but unlike anything the fleet has ranked, so a
 * person should look (docs/security.md, "Implausible values are flagged"). The baselines are the
 * fleet figures (DeviceModelStats: each device's fastest and median ranked VALID runs) as they stood
 * before this run, so device-initiated or refused runs never move them, and the cost is a few rows per
 * device whatever the number of runs. The run stays rankable.
 */
export async function reviewFlags(tx: Prisma.TransactionClient, row: ReviewedRow): Promise<string[]> {
  const flags: string[] = [];
  const model = { suiteSha256: row.suiteSha256, modelId: row.modelId, modelVersion: row.modelVersion };
  if (row.perCaseMeanMs !== null) {
    const fastest = await tx.deviceModelStats.aggregate({
      where: { ...model, deviceClassId: row.deviceClassId },
      _min: { bestPerCaseMs: true },
    });
    const best = fastest._min.bestPerCaseMs;
    if (best !== null && row.perCaseMeanMs < best * FASTER_THAN_CLASS_FACTOR) {
      flags.push(
        `per-case time ${round(row.perCaseMeanMs)} ms is under a tenth of the fastest this class has ranked for the model (${round(best)} ms)`,
      );
    }
  }
  if (row.meanDice !== null) {
    const others = { ...model, deviceId: { not: row.deviceId } };
    // Usually one device agrees: found at once, and nothing is counted.
    const agrees = await tx.deviceModelStats.findFirst({
      where: {
        ...others,
        meanDice: { gte: row.meanDice - DICE_AGREEMENT, lte: row.meanDice + DICE_AGREEMENT },
      },
      select: { deviceId: true },
    });
    if (!agrees) {
      const devices = await tx.deviceModelStats.count({ where: { ...others, meanDice: { not: null } } });
      if (devices > 0) {
        flags.push(
          `mean DSC ${row.meanDice} differs by more than ${DICE_AGREEMENT} from every other device's ranked median for the model on this suite (${devices} ${devices === 1 ? "device" : "devices"})`,
        );
      }
    }
  }
  return flags;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
