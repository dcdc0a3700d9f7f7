import { AppError, encodeMessage, newEnvelope, topicFor } from "@edgeseg/protocol";
import { buildJobMessage } from "./job-message.ts";
import type { Ctx } from "./types.ts";

/**
 * Publishes a job's current attempt, QoS 1, not retained (a retained job would be re-delivered to the
 * device after it finished). Returns an error when the rows cannot make a valid message; a broker
 * failure is only logged, because the job stays delivered and is re-sent after the ack timeout.
 */
export async function publishJob(ctx: Ctx, jobId: string): Promise<{ error: string } | null> {
  const built = await buildJobMessage(ctx, jobId);
  if (!built.ok) return { error: built.error };
  const { message } = built;
  let payload: Buffer;
  try {
    payload = encodeMessage("jobs", message);
  } catch (error) {
    if (error instanceof AppError) return { error: error.message };
    throw error;
  }
  const log = ctx.log.child({ deviceId: message.deviceId, jobId, attempt: message.attempt });
  try {
    await ctx.publish(topicFor(message.deviceId, "jobs"), payload, 1);
    log.info("job sent");
  } catch (error) {
    log.warn({ err: error }, "job publish failed; it will be re-sent");
  }
  return null;
}

/** Tells a device to stop one attempt of a job (QoS 1; the broker queues it while the device is away). */
export async function publishCancel(
  ctx: Ctx,
  deviceId: string,
  jobId: string,
  attempt: number,
): Promise<void> {
  const payload = encodeMessage("commands", {
    ...newEnvelope(deviceId, ctx.now()),
    command: "cancel-job",
    args: { jobId, attempt },
  });
  try {
    await ctx.publish(topicFor(deviceId, "commands"), payload, 1);
    ctx.log.info({ deviceId, jobId, attempt }, "cancel-job sent");
  } catch (error) {
    ctx.log.warn({ err: error, deviceId, jobId, attempt }, "cancel-job publish failed");
  }
}
