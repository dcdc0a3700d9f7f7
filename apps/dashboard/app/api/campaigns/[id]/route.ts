import { campaignJobs, campaignOverview, userActor } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { cancelCampaign } from "@edgeseg/registry";
import { withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";

/** Viewer: one campaign with its job counts and jobs (each with its result's summary once reported). */
export const GET = withRole<{ id: string }>("viewer", async (_request, { params }) => {
  const db = await getDb();
  const [campaign, jobs] = await Promise.all([campaignOverview(db, params.id), campaignJobs(db, params.id)]);
  if (!campaign) throw new AppError("NOT_FOUND", `campaign ${params.id} not found`);
  return { ...campaign, jobList: jobs };
});

/**
 * Researcher: cancel the campaign. Queued jobs are cancelled at once; jobs on devices are stopped by
 * the hub's dispatcher. 200 { campaignId, cancelledQueued, pendingOnDevices }.
 */
export const DELETE = withRole<{ id: string }>("researcher", async (_request, { user, params }) =>
  cancelCampaign(await getDb(), params.id, { actor: userActor(user) }),
);
