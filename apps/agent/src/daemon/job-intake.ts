import { randomUUID } from "node:crypto";
import { type JobMessage, newEnvelope } from "@edgeseg/protocol";
import type { DaemonContext } from "./context.ts";
import { planJob } from "./job-plan.ts";

/**
 * Answers every delivery of a job (the hub re-sends until it hears back): a job seen before gets the
 * same answer again and is not run twice; a new one is planned, persisted if accepted, then acked.
 * Deliveries are handled one at a time so two copies of one job cannot both pass the lookup.
 */
export function createJobIntake(ctx: DaemonContext, onAccepted: () => void) {
  let chain: Promise<void> = Promise.resolve();

  async function ack(job: JobMessage, status: "accepted" | "rejected", reason: string | null) {
    await ctx.sendNow("jobs/ack", {
      ...newEnvelope(ctx.config.deviceId, ctx.now()),
      jobId: job.jobId,
      attempt: job.attempt,
      status,
      reason,
    });
  }

  async function handle(job: JobMessage): Promise<void> {
    const log = ctx.logger.child({ jobId: job.jobId, attempt: job.attempt });
    const known = ctx.store.lookup(job.jobId, job.attempt);
    if (known) {
      log.info("job delivered again: repeating the answer");
      if (known.state === "pending") return ack(job, "accepted", null);
      return ack(job, known.ack, known.reason);
    }
    const plan = await planJob(job, ctx.config);
    if (!plan.ok) {
      log.warn({ reason: plan.reason }, `job rejected: ${plan.reason}`);
      await ctx.store.reject(job, plan.reason);
      return ack(job, "rejected", plan.reason.slice(0, 500));
    }
    // Persisted before the ack: once the hub hears "accepted", a reboot cannot lose the job.
    await ctx.store.accept(job, randomUUID());
    log.info({ model: job.model.id, dataset: job.dataset.id }, "job accepted");
    await ack(job, "accepted", null);
    onAccepted();
  }

  return (job: JobMessage): Promise<void> => {
    chain = chain
      .then(() => handle(job))
      .catch((error) =>
        ctx.logger.error({ jobId: job.jobId, err: (error as Error).message }, "job intake failed"),
      );
    return chain;
  };
}
