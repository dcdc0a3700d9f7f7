import { createHash } from "node:crypto";

/**
 * The messageId of a job delivery: the same for every re-send of one jobId and attempt, as the
 * protocol's envelope requires of a re-sent message, and different for the next attempt. A UUID of
 * version 8 (RFC 9562 §5.8, custom) built from sha256, so no hub has to store it and two hubs agree.
 */
export function jobMessageId(jobId: string, attempt: number): string {
  const b = createHash("sha256").update(`edgeseg job ${jobId} attempt ${attempt}`).digest();
  b[6] = ((b[6] as number) & 0x0f) | 0x80;
  b[8] = ((b[8] as number) & 0x3f) | 0x80;
  const hex = b.subarray(0, 16).toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
