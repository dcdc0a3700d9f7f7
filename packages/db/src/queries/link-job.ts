import type { ResultDocument } from "@edgeseg/protocol";
import type { Prisma } from "../generated/prisma/client.ts";
import { jobMismatch } from "./job-answer.ts";
import { reviewFlags } from "./result-review.ts";

/**
 * How a stored result relates to the job it names. Anything but "linked" or "none" is for the hub
 * to log: the measurement is kept regardless, only the bookkeeping is skipped.
 */
export type JobLink = "linked" | "none" | "missing" | "other-device" | "already-linked";

/**
 * Links a freshly stored result to its job and decides whether it may be ranked, inside the caller's
 * transaction (docs/security.md, "Only dispatched work is ranked"). A result is rankable only when it
 * answers a job the hub dispatched to the publishing device, not answered before, for the same model
 * (catalogue manifest), suite, dataset and scenario overrides, and nothing else (ctx.unrankable, e.g.
 * an unverified signature) forbids it; every other result is kept with origin and a one-sentence
 * unrankedReason. A rankable run gets plausibility flags in `review` when it is unlike the fleet.
 * A job only a different device was given, or one that already has a result (a retry that produced a
 * second run), is left alone. A job answered by a run of something else fails with that reason. A
 * cancelled job keeps its status but gets the link.
 */
export async function linkJob(
  tx: Prisma.TransactionClient,
  resultId: string,
  ok: boolean,
  ctx: { deviceId: string; jobId?: string; unrankable?: string },
): Promise<JobLink> {
  const unranked = (reason: string) =>
    tx.result.update({ where: { id: resultId }, data: { unrankedReason: reason } });
  // A device's own run keeps the reason resultRow gave it: not dispatched, never ranked.
  if (ctx.jobId === undefined) return "none";
  const job = await tx.job.findUnique({
    where: { id: ctx.jobId },
    select: {
      deviceId: true,
      status: true,
      modelId: true,
      modelVersion: true,
      model: { select: { manifestSha256: true } },
      campaign: { select: { suiteSha256: true, overrides: true, suite: { select: { definition: true } } } },
      result: { select: { id: true } },
    },
  });
  if (!job) {
    await unranked(`names job ${ctx.jobId}, which the hub does not know`);
    return "missing";
  }
  if (job.deviceId !== ctx.deviceId) {
    await unranked(`names job ${ctx.jobId}, which was dispatched to another device`);
    return "other-device";
  }
  if (job.result) {
    await unranked(`its job ${ctx.jobId} was already answered by result ${job.result.id}`);
    return "already-linked";
  }
  const stored = await tx.result.findUniqueOrThrow({
    where: { id: resultId },
    select: {
      id: true,
      deviceId: true,
      deviceClassId: true,
      modelId: true,
      modelVersion: true,
      suiteSha256: true,
      perCaseMeanMs: true,
      meanDice: true,
      document: true,
    },
  });
  const doc = JSON.parse(stored.document) as ResultDocument;
  const mismatch = jobMismatch(doc, {
    modelId: job.modelId,
    modelVersion: job.modelVersion,
    manifestSha256: job.model.manifestSha256,
    suiteSha256: job.campaign.suiteSha256,
    suiteDefinition: job.campaign.suite.definition,
    overrides: job.campaign.overrides,
  });
  const reason = mismatch ?? ctx.unrankable ?? unsupportedAccuracy(doc);
  const review =
    reason === null && stored.suiteSha256 !== null
      ? await reviewFlags(tx, { ...stored, suiteSha256: stored.suiteSha256 })
      : [];
  await tx.result.update({
    where: { id: resultId },
    data: {
      jobId: ctx.jobId,
      origin: "job",
      rankable: reason === null,
      unrankedReason: reason,
      review: review.length > 0 ? JSON.stringify(review) : null,
    },
  });
  if (job.status !== "cancelled") {
    await tx.job.update({
      where: { id: ctx.jobId },
      data: {
        // A job answered by a run of something else did not get what it asked for.
        status: ok && mismatch === null ? "succeeded" : "failed",
        finishedAt: new Date(),
        ...(mismatch ? { lastError: `result ${resultId} does not answer this job: ${mismatch}` } : {}),
      },
    });
  }
  return "linked";
}

/**
 * The schema lets a document keep only its accuracy aggregates (no cases listed); nothing then backs
 * them, so such a run is kept but not ranked. Agents always list every case.
 */
function unsupportedAccuracy(doc: ResultDocument): string | null {
  const acc = doc.accuracy;
  if (!acc || acc.cases.length > 0 || Object.keys(acc.organs).length === 0) return null;
  return "its accuracy aggregates come without the per-case values they summarise";
}
