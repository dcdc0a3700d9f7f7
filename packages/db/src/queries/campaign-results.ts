import type { Db } from "../client.ts";
import type { ResultStatus, Verdict } from "../generated/prisma/enums.ts";
import type { OrganMean } from "./organ-means.ts";
import { resultReasons } from "./result-reasons.ts";
import { resultWeights } from "./result-weights.ts";

/** One result of a campaign as the export writes it: the Result columns, its organs and reasons. */
export interface CampaignResult {
  resultId: string;
  jobId: string;
  campaignId: string;
  deviceId: string;
  deviceClassId: string;
  modelId: string;
  modelVersion: string;
  suiteSha256: string | null;
  datasetSha256: string;
  status: ResultStatus;
  verdict: Verdict;
  /** The document's validity reasons and failure, empty for a clean VALID run. */
  reasons: string[];
  backend: string;
  /** "synthetic": a skeleton's weights filled on the device (timing and memory only); "own" otherwise. */
  weights: "own" | "synthetic";
  meanDice: number | null;
  meanNsd: number | null;
  minOrganDice: number | null;
  minOrganNsd: number | null;
  perCaseMeanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  throttled: boolean | null;
  createdAt: Date;
  receivedAt: Date;
  organs: OrganMean[];
}

/**
 * The results reported for a campaign's jobs, ordered by device, model and result id; null when the
 * campaign does not exist. Reads each document once for its reasons (documents are not exported:
 * their per-case rows are the agent's to keep in full, the export carries the aggregates).
 */
export async function campaignResults(db: Db, campaignId: string): Promise<CampaignResult[] | null> {
  const campaign = await db.prisma.campaign.findUnique({ where: { id: campaignId }, select: { id: true } });
  if (!campaign) return null;
  const rows = await db.prisma.result.findMany({
    where: { job: { campaignId } },
    orderBy: [{ deviceId: "asc" }, { modelId: "asc" }, { modelVersion: "asc" }, { id: "asc" }],
    include: { organs: { orderBy: { organ: "asc" } } },
  });
  return rows.map(({ document, organs, jobId, ...r }) => ({
    resultId: r.id,
    jobId: jobId ?? "",
    campaignId,
    deviceId: r.deviceId,
    deviceClassId: r.deviceClassId,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    suiteSha256: r.suiteSha256,
    datasetSha256: r.datasetSha256,
    status: r.status,
    verdict: r.verdict,
    reasons: resultReasons(document),
    backend: r.backend,
    weights: resultWeights(document),
    meanDice: r.meanDice,
    meanNsd: r.meanNsd,
    minOrganDice: r.minOrganDice,
    minOrganNsd: r.minOrganNsd,
    perCaseMeanMs: r.perCaseMeanMs,
    p50Ms: r.p50Ms,
    p90Ms: r.p90Ms,
    p99Ms: r.p99Ms,
    peakRssMb: r.peakRssMb,
    throttled: r.throttled,
    createdAt: r.createdAt,
    receivedAt: r.receivedAt,
    organs: organs.map(({ resultId: _, ...o }) => o),
  }));
}
