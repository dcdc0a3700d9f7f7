import type { JobAckMessage, ProgressMessage } from "@edgeseg/protocol";
import { dispatchNext } from "./deliver.ts";
import type { Ctx } from "./types.ts";

type Answer = Pick<JobAckMessage, "deviceId" | "jobId" | "attempt">;

/** The job an answer is about, if it is this device's job and its current attempt; else null (logged). */
async function currentAttempt(ctx: Ctx, msg: Answer, what: string) {
  const job = await ctx.db.prisma.job.findUnique({
    where: { id: msg.jobId },
    select: { id: true, deviceId: true, attempts: true, status: true },
  });
  const log = ctx.log.child({ deviceId: msg.deviceId, jobId: msg.jobId, attempt: msg.attempt });
  if (!job) log.warn(`${what} for an unknown job; dropped`);
  else if (job.deviceId !== msg.deviceId) log.warn(`${what} from a device the job was not given to; dropped`);
  else if (job.attempts !== msg.attempt)
    log.info({ current: job.attempts }, `${what} for an earlier attempt; dropped`);
  else return { job, log };
  return null;
}

/** Moves a delivered attempt to running: the device has it. Conditional, so repeats change nothing. */
async function markRunning(ctx: Ctx, jobId: string, attempt: number): Promise<boolean> {
  const now = ctx.now();
  const changed = await ctx.db.prisma.job.updateMany({
    where: { id: jobId, status: "delivered", attempts: attempt },
    data: { status: "running", ackedAt: now, startedAt: now },
  });
  return changed.count === 1;
}

/**
 * An accepted ack makes the attempt running (its timeout counts from now). A rejection is final:
 * the agent rejects only what another try cannot fix (a hash mismatch, an unknown dataset, an
 * unsupported pipeline — a busy agent accepts and queues), so the job fails with the device's reason
 * for the person reading the dashboard, and the device gets its next job.
 */
export async function handleAck(ctx: Ctx, msg: JobAckMessage): Promise<void> {
  const found = await currentAttempt(ctx, msg, "ack");
  if (!found) return;
  if (msg.status === "accepted") {
    if (await markRunning(ctx, msg.jobId, msg.attempt)) found.log.info("job accepted");
    return;
  }
  const changed = await ctx.db.prisma.job.updateMany({
    where: { id: msg.jobId, status: "delivered", attempts: msg.attempt },
    data: { status: "failed", finishedAt: ctx.now(), lastError: `rejected by the device: ${msg.reason}` },
  });
  if (changed.count === 0) {
    found.log.warn({ status: found.job.status }, "rejection for a job that is not awaiting an ack; ignored");
    return;
  }
  found.log.warn({ reason: msg.reason }, "job rejected");
  await dispatchNext(ctx, msg.deviceId);
}

/** Progress for a delivered attempt means its ack was lost on the way: count it as accepted. */
export async function handleProgress(ctx: Ctx, msg: ProgressMessage): Promise<void> {
  const found = await currentAttempt(ctx, msg, "progress");
  if (!found) return;
  if (await markRunning(ctx, msg.jobId, msg.attempt)) found.log.info("job running (progress before ack)");
}
