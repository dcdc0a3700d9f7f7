import type { Db } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

export interface CancelledCampaign {
  campaignId: string;
  /** Queued jobs cancelled here: they never reached a device. */
  cancelledQueued: number;
  /**
   * Jobs a device holds (delivered or running). They are cancelled by the dispatcher on its next
   * tick, which also sends the device a `cancel-job` command; this function has no broker to use.
   */
  pendingOnDevices: number;
}

/**
 * Cancels a campaign. Works from any process that has the database (the dashboard included): the
 * campaign status is the record, and every hub's dispatcher finishes the job on devices from it.
 */
export async function cancelCampaign(db: Db, campaignId: string): Promise<CancelledCampaign> {
  const now = new Date();
  const changed = await db.prisma.campaign.updateMany({
    where: { id: campaignId, status: { in: ["draft", "active"] } },
    data: { status: "cancelled" },
  });
  if (changed.count === 0) {
    const row = await db.prisma.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    if (!row) throw new AppError("NOT_FOUND", `campaign ${campaignId} not found`);
    if (row.status === "completed") return { campaignId, cancelledQueued: 0, pendingOnDevices: 0 };
  }
  const queued = await db.prisma.job.updateMany({
    where: { campaignId, status: "queued" },
    data: { status: "cancelled", finishedAt: now, lastError: "campaign cancelled" },
  });
  const pendingOnDevices = await db.prisma.job.count({
    where: { campaignId, status: { in: ["delivered", "running"] } },
  });
  return { campaignId, cancelledQueued: queued.count, pendingOnDevices };
}
