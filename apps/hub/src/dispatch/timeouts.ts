import { dispatchNext } from "./deliver.ts";
import { publishCancel } from "./send.ts";
import type { Ctx } from "./types.ts";

/**
 * Running attempts older than their timeoutMs plus the grace: the device was told to stop at
 * timeoutMs and has not reported. While tries remain the job goes back to the queue (the next
 * delivery is attempt + 1); the last try ends as timed_out. The device is told to cancel the
 * stale attempt, so a hung run does not keep it busy when the next attempt arrives.
 */
export async function expireRunning(ctx: Ctx): Promise<number> {
  const now = ctx.now();
  const jobs = await ctx.db.prisma.job.findMany({
    where: { status: "running", startedAt: { lt: new Date(now.getTime() - ctx.timeoutGraceMs) } },
    select: { id: true, deviceId: true, attempts: true, maxAttempts: true, startedAt: true, timeoutMs: true },
  });
  let expired = 0;
  for (const job of jobs) {
    const started = (job.startedAt as Date).getTime();
    if (started + job.timeoutMs + ctx.timeoutGraceMs > now.getTime()) continue;
    const lastError = `attempt ${job.attempts} ran past its ${job.timeoutMs} ms timeout without a result`;
    const retry = job.attempts < job.maxAttempts;
    const changed = await ctx.db.prisma.job.updateMany({
      where: { id: job.id, status: "running", attempts: job.attempts },
      data: retry
        ? { status: "queued", lastError, deliveredAt: null, ackedAt: null, startedAt: null }
        : { status: "timed_out", lastError, finishedAt: now },
    });
    if (changed.count === 0) continue;
    expired++;
    ctx.log.warn({ deviceId: job.deviceId, jobId: job.id, attempt: job.attempts, retry }, "job timed out");
    await publishCancel(ctx, job.deviceId, job.id, job.attempts);
    await dispatchNext(ctx, job.deviceId);
  }
  return expired;
}
