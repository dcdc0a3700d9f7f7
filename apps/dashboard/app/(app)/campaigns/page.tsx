import { campaignOverviews } from "@edgeseg/db";
import type { Metadata } from "next";
import { LiveRefresh } from "@/components/live-refresh.tsx";
import { hasRole } from "@/lib/auth/roles.ts";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { campaignFormOptions } from "@/lib/ranking/campaigns/form-options.ts";
import { CampaignForm } from "./campaign-form.tsx";
import { CampaignTable } from "./campaign-table.tsx";

export const metadata: Metadata = { title: "Campaigns" };

export default async function CampaignsPage() {
  const user = await requirePageRole("viewer", "/campaigns");
  const db = await getDb();
  const canCreate = hasRole(user.role, "researcher");
  const [campaigns, options] = await Promise.all([
    campaignOverviews(db),
    canCreate ? campaignFormOptions(db) : Promise.resolve(null),
  ]);
  const now = new Date();
  return (
    <>
      <h1>Campaigns</h1>
      <CampaignTable campaigns={campaigns} />
      {campaigns.some((c) => c.status === "active") && (
        <LiveRefresh intervalMs={10_000} renderedAt={now.toISOString()} />
      )}
      {options && (
        <section aria-labelledby="create-heading">
          <h2 id="create-heading">New campaign</h2>
          <CampaignForm options={options} />
        </section>
      )}
    </>
  );
}
