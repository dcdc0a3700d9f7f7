import type { Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";

const select = {
  id: true,
  status: true,
  attempts: true,
  maxAttempts: true,
  modelId: true,
  modelVersion: true,
  lastError: true,
  progressPhase: true,
  progressDone: true,
  progressTotal: true,
  progressAt: true,
  createdAt: true,
  deliveredAt: true,
  startedAt: true,
  finishedAt: true,
  device: { select: { id: true, name: true, deviceClassId: true } },
  result: {
    select: {
      id: true,
      status: true,
      verdict: true,
      meanDice: true,
      meanNsd: true,
      perCaseMeanMs: true,
      p50Ms: true,
      p90Ms: true,
      p99Ms: true,
      peakRssMb: true,
      throttled: true,
      createdAt: true,
    },
  },
} satisfies Prisma.JobSelect;

/** One job of a campaign with its device and, once reported, its result's summary numbers. */
export type CampaignJob = Prisma.JobGetPayload<{ select: typeof select }>;

/** A campaign's jobs ordered by device, then model (the order createCampaign lists them in). */
export async function campaignJobs(db: Db, campaignId: string): Promise<CampaignJob[]> {
  return db.prisma.job.findMany({
    where: { campaignId },
    orderBy: [{ deviceId: "asc" }, { modelId: "asc" }, { modelVersion: "asc" }, { id: "asc" }],
    select,
  });
}
