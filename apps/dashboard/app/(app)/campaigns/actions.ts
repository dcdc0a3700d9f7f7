"use server";

import { userActor } from "@edgeseg/db";
import { cancelCampaign, createCampaign } from "@edgeseg/registry";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { type ActionState, runAction } from "@/lib/action.ts";
import { getDb } from "@/lib/db.ts";
import { campaignFromForm } from "@/lib/ranking/campaigns/campaign-form.ts";

// Researcher or above, checked on the server by runAction whatever the page showed.

export async function createCampaignAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  let campaignId = "";
  const state = await runAction("researcher", async (user) => {
    const created = await createCampaign(await getDb(), campaignFromForm(form, user.id), {
      actor: userActor(user),
    });
    campaignId = created.campaignId;
    revalidatePath("/campaigns");
    return { ok: true, message: `Campaign created with ${created.jobIds.length} jobs.` };
  });
  // Outside runAction: redirect() throws, and the new campaign's page is where to watch it.
  if (state?.ok) redirect(`/campaigns/${encodeURIComponent(campaignId)}`);
  return state;
}

export async function cancelCampaignAction(_previous: ActionState, form: FormData): Promise<ActionState> {
  return runAction("researcher", async (user) => {
    const id = z.string().min(1).max(200).parse(form.get("id"));
    const result = await cancelCampaign(await getDb(), id, { actor: userActor(user) });
    revalidatePath("/campaigns");
    revalidatePath(`/campaigns/${id}`);
    return {
      ok: true,
      message: `Cancelled: ${result.cancelledQueued} queued job(s); ${result.pendingOnDevices} on devices are stopped by the hub.`,
    };
  });
}
