import type { Prisma } from "@edgeseg/db";
import { leaseFor, mayHold } from "./lease.ts";
import { publishJob } from "./send.ts";
import type { Ctx } from "./types.ts";

/**
 * Re-sends delivered, unacknowledged jobs matching `where` with the same jobId and attempt. Each
 * re-send first moves deliveredAt from the value it read to now (a conditional update), so of two
 * hubs that both noticed the same stale job only one sends it; and only the hub holding the job's
 * lease, or any hub once the lease expired (its hub died), which then takes the lease.
 */
export async function resendDelivered(ctx: Ctx, where: Prisma.JobWhereInput): Promise<number> {
  const jobs = await ctx.db.prisma.job.findMany({
    // A cancelled campaign's jobs are not re-sent: the tick cancels them on the device instead.
    where: { AND: [where, mayHold(ctx, ctx.now())], status: "delivered", campaign: { status: "active" } },
    select: { id: true, attempts: true, deliveredAt: true, deviceId: true },
  });
  let sent = 0;
  for (const job of jobs) {
    const now = ctx.now();
    const claimed = await ctx.db.prisma.job.updateMany({
      where: {
        id: job.id,
        status: "delivered",
        attempts: job.attempts,
        deliveredAt: job.deliveredAt,
        ...mayHold(ctx, now),
      },
      data: { deliveredAt: now, ...leaseFor(ctx, now) },
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

/**
 * Delivered jobs whose ack is overdue, and those whose lease expired (their hub died before the
 * device acknowledged), on devices that are online (an offline one gets them on reconnect).
 */
export function resendOverdue(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const before = new Date(now.getTime() - ctx.ackTimeoutMs);
  return resendDelivered(ctx, {
    OR: [{ deliveredAt: { lte: before } }, { leaseExpiresAt: { lt: now } }],
    device: { online: true },
  });
}
