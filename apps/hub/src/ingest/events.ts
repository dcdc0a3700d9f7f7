import type { ErrorEventMessage } from "@edgeseg/protocol";
import type { IngestContext } from "./context.ts";
import { sanitizeText } from "./sanitize.ts";

/**
 * events: logged; an event about one of the device's jobs becomes that job's lastError. The text is
 * the device's: escaped before it reaches the log or the dashboard (src/ingest/sanitize.ts).
 */
export async function onEvent(ctx: IngestContext, deviceId: string, msg: ErrorEventMessage): Promise<void> {
  const text = sanitizeText(msg.message);
  ctx.logger.warn({ deviceId, jobId: msg.jobId, code: msg.code }, `device error: ${text}`);
  if (msg.jobId === undefined) return;
  await ctx.db.prisma.job.updateMany({
    where: { id: msg.jobId, deviceId },
    data: { lastError: `${msg.code}: ${text}` },
  });
}
