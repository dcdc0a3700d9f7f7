import type { Prisma } from "@edgeseg/db";
import { ON_DEVICE } from "./statuses.ts";
import type { Ctx } from "./types.ts";

/**
 * Dispatch leases (Job.leaseOwner, Job.leaseExpiresAt): with several hubs on one database, the hub
 * that delivered an attempt is the one that re-sends it (on reconnect, after the ack timeout). Each
 * tick renews its leases; a hub that dies stops renewing, and after leaseMs another hub's tick takes
 * its delivered jobs over (re-sends them, same jobId and attempt) and its running ones (nothing to
 * send; their timeouts are checked by every hub). A lease means something only while the job is
 * delivered or running; finishing a job clears it (a hub that dies between storing a result and
 * finishing its job leaves a stale lease on the finished job, which nothing reads).
 */
export function leaseFor(ctx: Ctx, now: Date): { leaseOwner: string; leaseExpiresAt: Date } {
  return { leaseOwner: ctx.hubId, leaseExpiresAt: new Date(now.getTime() + ctx.leaseMs) };
}

/** Jobs this hub may act for: leased to it, leased to no one, or leased to a hub that stopped renewing. */
export function mayHold(ctx: Ctx, now: Date): Prisma.JobWhereInput {
  return {
    OR: [{ leaseOwner: ctx.hubId }, { leaseOwner: null }, { leaseExpiresAt: { lt: now } }],
  };
}

/** Renews this hub's leases on jobs on a device, and takes over running jobs whose lease expired. */
export async function renewLeases(ctx: Ctx): Promise<{ renewed: number; takenOver: number }> {
  const now = ctx.now();
  const lease = leaseFor(ctx, now);
  const renewed = await ctx.db.prisma.job.updateMany({
    where: { leaseOwner: ctx.hubId, status: { in: ON_DEVICE } },
    data: { leaseExpiresAt: lease.leaseExpiresAt },
  });
  const taken = await ctx.db.prisma.job.updateMany({
    where: { status: "running", leaseOwner: { not: ctx.hubId }, leaseExpiresAt: { lt: now } },
    data: lease,
  });
  if (taken.count > 0)
    ctx.log.warn({ jobs: taken.count }, "took over running jobs of a hub whose leases expired");
  return { renewed: renewed.count, takenOver: taken.count };
}
