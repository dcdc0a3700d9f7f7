import { cancelJobsOfCancelledCampaigns } from "./cancel.ts";
import { dispatchNext, readyDevices } from "./deliver.ts";
import { completeCampaigns } from "./finish.ts";
import { renewLeases } from "./lease.ts";
import { resendOverdue } from "./resend.ts";
import { expireRunning } from "./timeouts.ts";
import type { Ctx } from "./types.ts";

/**
 * One pass over the database, the source of truth: everything the event handlers do is also found
 * here, so a lost event, a hub restart or a second hub only delays work, never loses it. It first
 * renews this hub's leases and takes over running jobs whose lease expired.
 */
export async function tick(ctx: Ctx): Promise<void> {
  await renewLeases(ctx);
  await cancelJobsOfCancelledCampaigns(ctx);
  await expireRunning(ctx);
  await resendOverdue(ctx);
  for (const deviceId of await readyDevices(ctx)) await dispatchNext(ctx, deviceId);
  await completeCampaigns(ctx);
}
