import { campaignOverviews, userActor } from "@edgeseg/db";
import { campaignInputSchema, createCampaign } from "@edgeseg/registry";
import { readJson, withRole } from "@/lib/api.ts";
import { getDb } from "@/lib/db.ts";

/** Viewer: campaigns, newest first, with job counts by status. */
export const GET = withRole("viewer", async () => ({ campaigns: await campaignOverviews(await getDb()) }));

/**
 * Researcher: create a campaign. Body: { name, suiteId, modelIds, target: { deviceClassIds?, tags?,
 * deviceIds? }, scenarioOverrides?, maxAttempts?, timeoutMs? } (@edgeseg/registry campaignInputSchema;
 * the creator is the signed-in user). 201 { campaignId, jobIds }.
 */
export const POST = withRole("researcher", async (request, { user }) => {
  const input = await readJson(request, campaignInputSchema.omit({ createdBy: true }));
  const created = await createCampaign(
    await getDb(),
    { ...input, createdBy: user.id },
    { actor: userActor(user) },
  );
  return Response.json(created, { status: 201 });
});
