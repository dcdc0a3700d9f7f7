import type { Prisma } from "@edgeseg/db";
import { publishJob } from "./send.ts";
import type { Ctx } from "./types.ts";

/**
 * Re-sends delivered, unacknowledged jobs matching `where` with the same jobId and attempt. Each
 * re-send first moves deliveredAt from the value it read to now (a conditional update), so of two
 * hubs that both noticed the same stale job only one sends it.
 */
export async function resendDelivered(ctx: Ctx, where: Prisma.JobWhereInput): Promise<number> {
  const jobs = await ctx.db.prisma.job.findMany({
    // A cancelled campaign's jobs are not re-sent: the tick cancels them on the device instead.
    where: { ...where, status: "delivered", campaign: { status: "active" } },
    select: { id: true, attempts: true, deliveredAt: true, deviceId: true },
  });
  let sent = 0;
  for (const job of jobs) {
    const now = ctx.now();
    const claimed = await ctx.db.prisma.job.updateMany({
      where: { id: job.id, status: "delivered", attempts: job.attempts, deliveredAt: job.deliveredAt },
      data: { deliveredAt: now },
    });
    if (claimed.count === 0) continue;
    const failed = await publishJob(ctx, job.id);
    if (failed) {
      ctx.log.error(
        { deviceId: job.deviceId, jobId: job.id, error: failed.error },
        "job cannot be re-sent; marked failed",
      );
      await ctx.db.prisma.job.updateMany({
        where: { id: job.id, status: "delivered", attempts: job.attempts },
        data: { status: "failed", finishedAt: now, lastError: failed.error },
      });
      continue;
    }
    sent++;
  }
  return sent;
}

/** Delivered jobs whose ack is overdue, on devices that are online (an offline one gets them on reconnect). */
export function resendOverdue(ctx: Ctx): Promise<number> {
  const before = new Date(ctx.now().getTime() - ctx.ackTimeoutMs);
  return resendDelivered(ctx, { deliveredAt: { lte: before }, device: { online: true } });
}
