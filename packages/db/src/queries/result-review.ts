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
 * person should look (docs/security.md, "Implausible results"). Compared only with other rankable
 * runs, so device-initiated or refused runs never move the baseline. The run stays rankable.
 */
export async function reviewFlags(tx: Prisma.TransactionClient, row: ReviewedRow): Promise<string[]> {
  const flags: string[] = [];
  const model = { suiteSha256: row.suiteSha256, modelId: row.modelId, modelVersion: row.modelVersion };
  if (row.perCaseMeanMs !== null) {
    const fastest = await tx.result.aggregate({
      where: {
        ...model,
        deviceClassId: row.deviceClassId,
        verdict: "VALID",
        rankable: true,
        id: { not: row.id },
      },
      _min: { perCaseMeanMs: true },
    });
    const best = fastest._min.perCaseMeanMs;
    if (best !== null && row.perCaseMeanMs < best * FASTER_THAN_CLASS_FACTOR) {
      flags.push(
        `per-case time ${round(row.perCaseMeanMs)} ms is under a tenth of the fastest this class has ranked for the model (${round(best)} ms)`,
      );
    }
  }
  if (row.meanDice !== null) {
    const others = {
      ...model,
      status: "succeeded" as const,
      rankable: true,
      deviceId: { not: row.deviceId },
    };
    const total = await tx.result.count({ where: { ...others, meanDice: { not: null } } });
    if (total > 0) {
      const near = await tx.result.count({
        where: {
          ...others,
          meanDice: { gte: row.meanDice - DICE_AGREEMENT, lte: row.meanDice + DICE_AGREEMENT },
        },
      });
      if (near === 0) {
        flags.push(
          `mean DSC ${row.meanDice} differs by more than ${DICE_AGREEMENT} from every other device's ranked run of the model on this suite (${total} runs)`,
        );
      }
    }
  }
  return flags;
}

const round = (ms: number) => Math.round(ms * 1000) / 1000;
