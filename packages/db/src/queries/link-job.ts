import type { Prisma } from "../generated/prisma/client.ts";

/**
 * How a stored result relates to the job it names. Anything but "linked" or "none" is for the hub
 * to log: the measurement is kept regardless, only the bookkeeping is skipped.
 */
export type JobLink = "linked" | "none" | "missing" | "other-device" | "already-linked";

/**
 * Links a freshly stored result to its job and closes the job, inside the caller's transaction.
 * A job only a different device was given, or one that already has a result (a retry that
 * produced a second run), is left alone. A cancelled job keeps its status but gets the link.
 */
export async function linkJob(
  tx: Prisma.TransactionClient,
  resultId: string,
  ok: boolean,
  ctx: { deviceId: string; jobId?: string; unrankable?: string },
): Promise<JobLink> {
  if (ctx.jobId === undefined) return "none";
  const job = await tx.job.findUnique({
    where: { id: ctx.jobId },
    select: {
      deviceId: true,
      status: true,
      modelId: true,
      modelVersion: true,
      campaign: { select: { suiteSha256: true } },
      result: { select: { id: true } },
    },
  });
  const unranked = (reason: string) =>
    tx.result.update({ where: { id: resultId }, data: { unrankedReason: reason } });
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
  const stored = await tx.result.findUnique({
    where: { id: resultId },
    select: { modelId: true, modelVersion: true, suiteSha256: true },
  });
  const answers =
    stored !== null &&
    stored.modelId === job.modelId &&
    stored.modelVersion === job.modelVersion &&
    stored.suiteSha256 === job.campaign.suiteSha256;
  await tx.result.update({
    where: { id: resultId },
    data: {
      jobId: ctx.jobId,
      origin: "job",
      rankable: answers && ctx.unrankable === undefined,
      unrankedReason: !answers ? "its job named another model or suite" : (ctx.unrankable ?? null),
    },
  });
  if (job.status !== "cancelled") {
    await tx.job.update({
      where: { id: ctx.jobId },
      data: { status: ok ? "succeeded" : "failed", finishedAt: new Date() },
    });
  }
  return "linked";
}
