import { leaseFor } from "./lease.ts";
import { publishJob } from "./send.ts";
import { ON_DEVICE } from "./statuses.ts";
import type { Ctx } from "./types.ts";

/** A device whose next few jobs all fail to build stops here until the next tick. */
const MAX_BUILD_FAILURES = 5;

/**
 * Sends a device its oldest queued job of an active campaign, if the device is online, active and
 * holds no other job. The claim is one conditional UPDATE (status still queued, attempts unchanged,
 * campaign active, device online and active with no job delivered or running), so hubs sharing the
 * database can neither deliver one job twice nor give one device two jobs: on SQLite one statement
 * runs under the single write lock; on PostgreSQL, where READ COMMITTED could let two such UPDATEs on
 * different jobs of one device both pass, a partial unique index fails the second (claimJob).
 */
export async function dispatchNext(ctx: Ctx, deviceId: string): Promise<void> {
  for (let i = 0; i < MAX_BUILD_FAILURES; i++) {
    const next = await ctx.db.prisma.job.findFirst({
      where: { deviceId, status: "queued", campaign: { status: "active" } },
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      select: { id: true, attempts: true },
    });
    if (!next) return;
    const now = ctx.now();
    const claimed = await claimJob(ctx, next, now);
    // Someone else took it, or the device is busy, offline or disabled: nothing to do here.
    if (claimed === 0) return;
    const failed = await publishJob(ctx, next.id);
    if (!failed) return;
    ctx.log.error({ deviceId, jobId: next.id, error: failed.error }, "job cannot be sent; marked failed");
    await ctx.db.prisma.job.updateMany({
      where: { id: next.id, status: "delivered", attempts: next.attempts + 1 },
      data: { status: "failed", finishedAt: now, lastError: failed.error },
    });
  }
}

/**
 * The claim: one conditional UPDATE. On PostgreSQL a concurrent claim of another job of the same device
 * (another hub, under READ COMMITTED) can pass the condition too; the partial unique index
 * Job_deviceId_on_device_key then fails this one (P2002), which means the same as a lost race: taken.
 */
async function claimJob(ctx: Ctx, next: { id: string; attempts: number }, now: Date): Promise<number> {
  try {
    const claimed = await ctx.db.prisma.job.updateMany({
      where: {
        id: next.id,
        status: "queued",
        attempts: next.attempts,
        campaign: { status: "active" },
        device: { online: true, status: "active", jobs: { none: { status: { in: ON_DEVICE } } } },
      },
      data: {
        status: "delivered",
        attempts: next.attempts + 1,
        deliveredAt: now,
        ackedAt: null,
        startedAt: null,
        ...leaseFor(ctx, now),
      },
    });
    return claimed.count;
  } catch (error) {
    if ((error as { code?: unknown }).code === "P2002") return 0;
    throw error;
  }
}

/** Devices that could take a job now: online, active, something queued, nothing on the device. */
export async function readyDevices(ctx: Ctx): Promise<string[]> {
  const rows = await ctx.db.prisma.device.findMany({
    where: {
      online: true,
      status: "active",
      jobs: {
        some: { status: "queued", campaign: { status: "active" } },
        none: { status: { in: ON_DEVICE } },
      },
    },
    select: { id: true },
  });
  return rows.map((r) => r.id);
}
