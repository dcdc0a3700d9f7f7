import type { JobAckMessage } from "@edgeseg/protocol";
import type { IngestContext } from "./context.ts";
import { sanitizeText } from "./sanitize.ts";

/**
 * jobs/ack: validated and handed to the dispatcher, which owns job status (accepted → running,
 * rejected → failed with the device's reason) and checks that the job is this device's current attempt.
 * The reason is the device's text: escaped (src/ingest/sanitize.ts) before it is logged or stored.
 */
export async function onJobAck(ctx: IngestContext, deviceId: string, msg: JobAckMessage): Promise<void> {
  ctx.logger.debug({ deviceId, jobId: msg.jobId, attempt: msg.attempt, status: msg.status }, "job ack");
  ctx.call("onAck", msg.reason ? { ...msg, reason: sanitizeText(msg.reason) } : msg);
}
