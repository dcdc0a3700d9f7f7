import { type AuditActor, type Db, withAudit } from "@edgeseg/db";
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
export async function cancelCampaign(
  db: Db,
  campaignId: string,
  opts: { actor?: AuditActor } = {},
): Promise<CancelledCampaign> {
  const now = new Date();
  return withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const row = await tx.campaign.findUnique({ where: { id: campaignId }, select: { status: true } });
    if (!row) throw new AppError("NOT_FOUND", `campaign ${campaignId} not found`);
    if (row.status === "completed") return { campaignId, cancelledQueued: 0, pendingOnDevices: 0 };
    if (row.status !== "cancelled") {
      await tx.campaign.update({ where: { id: campaignId }, data: { status: "cancelled" } });
    }
    const queued = await tx.job.updateMany({
      where: { campaignId, status: "queued" },
      data: { status: "cancelled", finishedAt: now, lastError: "campaign cancelled" },
    });
    const pendingOnDevices = await tx.job.count({
      where: { campaignId, status: { in: ["delivered", "running"] } },
    });
    // Cancelling again only sweeps jobs queued since; a repeat that changed nothing is no new record.
    if (row.status !== "cancelled" || queued.count > 0) {
      audit({
        action: "campaign.cancel",
        targetId: campaignId,
        before: { status: row.status },
        after: { status: "cancelled", cancelledQueued: queued.count, pendingOnDevices },
      });
    }
    return { campaignId, cancelledQueued: queued.count, pendingOnDevices };
  });
}
