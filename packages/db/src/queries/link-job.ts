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
  ctx: { deviceId: string; jobId?: string },
): Promise<JobLink> {
  if (ctx.jobId === undefined) return "none";
  const job = await tx.job.findUnique({
    where: { id: ctx.jobId },
    select: { deviceId: true, status: true, result: { select: { id: true } } },
  });
  if (!job) return "missing";
  if (job.deviceId !== ctx.deviceId) return "other-device";
  if (job.result) return "already-linked";
  await tx.result.update({ where: { id: resultId }, data: { jobId: ctx.jobId } });
  if (job.status !== "cancelled") {
    await tx.job.update({
      where: { id: ctx.jobId },
      data: { status: ok ? "succeeded" : "failed", finishedAt: new Date() },
    });
  }
  return "linked";
}
