import { dispatchNext } from "./deliver.ts";
import { OPEN } from "./statuses.ts";
import type { Ctx } from "./types.ts";

/**
 * Records a stored result's outcome on its job (the same move @edgeseg/db's upsertResult makes in its
 * transaction, repeated so the order of the two calls does not matter), then frees the device for its
 * next job. With `deviceId`, only that device's job is touched (a device cannot close another's
 * job by naming it in a result). A result proves the run happened, so it also closes a job that timed out or was re-queued
 * meanwhile; it never touches a cancelled or already finished job.
 */
export async function finishJob(
  ctx: Ctx,
  jobId: string,
  status: "succeeded" | "failed",
  deviceId?: string,
): Promise<void> {
  const now = ctx.now();
  const changed = await ctx.db.prisma.job.updateMany({
    where: { id: jobId, status: { in: [...OPEN, "timed_out"] }, ...(deviceId ? { deviceId } : {}) },
    data: { status, finishedAt: now },
  });
  // The result's own transaction (linkJob) may have finished the job already: clear its lease either way.
  await ctx.db.prisma.job.updateMany({
    where: { id: jobId, status: { notIn: OPEN }, leaseOwner: { not: null } },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
  const job = await ctx.db.prisma.job.findUnique({
    where: { id: jobId },
    select: { deviceId: true, campaignId: true },
  });
  if (!job) {
    ctx.log.warn({ jobId }, "result for an unknown job");
    return;
  }
  if (changed.count === 1) ctx.log.info({ deviceId: job.deviceId, jobId, status }, "job finished");
  await dispatchNext(ctx, job.deviceId);
  await completeCampaigns(ctx, job.campaignId);
}

/** Active campaigns with no open job left are completed (one conditional statement). */
export async function completeCampaigns(ctx: Ctx, campaignId?: string): Promise<number> {
  const done = await ctx.db.prisma.campaign.updateMany({
    where: {
      ...(campaignId ? { id: campaignId } : {}),
      status: "active",
      jobs: { none: { status: { in: OPEN } } },
    },
    data: { status: "completed" },
  });
  return done.count;
}
