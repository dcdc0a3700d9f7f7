import { AppError } from "@edgeseg/protocol";
import { dispatchNext } from "./deliver.ts";
import { publishCancel } from "./send.ts";
import { ON_DEVICE, OPEN } from "./statuses.ts";
import type { Ctx } from "./types.ts";

/**
 * Cancels a job that has not finished. If a device holds it, the device is told to stop that attempt
 * and then gets its next job. A result that arrives later is stored but leaves the job cancelled
 * (onResult and @edgeseg/db's upsertResult never move a cancelled job). Cancelling a finished job
 * changes nothing.
 */
export async function cancelJob(ctx: Ctx, jobId: string): Promise<void> {
  // The status can change between the read and the conditional update; try again with the new one.
  for (let i = 0; i < 5; i++) {
    const job = await ctx.db.prisma.job.findUnique({
      where: { id: jobId },
      select: { status: true, deviceId: true, attempts: true },
    });
    if (!job) throw new AppError("NOT_FOUND", `job ${jobId} not found`);
    if (!OPEN.includes(job.status)) return;
    const changed = await ctx.db.prisma.job.updateMany({
      where: { id: jobId, status: job.status, attempts: job.attempts },
      data: { status: "cancelled", finishedAt: ctx.now(), lastError: "cancelled" },
    });
    if (changed.count === 0) continue;
    ctx.log.info({ deviceId: job.deviceId, jobId, from: job.status }, "job cancelled");
    if (ON_DEVICE.includes(job.status)) {
      await publishCancel(ctx, job.deviceId, jobId, job.attempts);
      await dispatchNext(ctx, job.deviceId);
    }
    return;
  }
  throw new AppError("RUNTIME", `job ${jobId} kept changing while being cancelled; try again`);
}

/** Open jobs of cancelled campaigns (cancelCampaign runs anywhere and leaves device-held jobs to us). */
export async function cancelJobsOfCancelledCampaigns(ctx: Ctx): Promise<number> {
  const jobs = await ctx.db.prisma.job.findMany({
    where: { status: { in: OPEN }, campaign: { status: "cancelled" } },
    select: { id: true },
  });
  for (const job of jobs) await cancelJob(ctx, job.id);
  return jobs.length;
}
