import type { ErrorEventMessage } from "@edgeseg/protocol";
import type { IngestContext } from "./context.ts";

/** events: logged; an event about one of the device's jobs becomes that job's lastError. */
export async function onEvent(ctx: IngestContext, deviceId: string, msg: ErrorEventMessage): Promise<void> {
  ctx.logger.warn({ deviceId, jobId: msg.jobId, code: msg.code }, `device error: ${msg.message}`);
  if (msg.jobId === undefined) return;
  await ctx.db.prisma.job.updateMany({
    where: { id: msg.jobId, deviceId },
    data: { lastError: `${msg.code}: ${msg.message}` },
  });
}
