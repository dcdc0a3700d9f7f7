import { campaignJobs, campaignOverview } from "@edgeseg/db";
import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { ActionButton } from "@/components/action-button.tsx";
import { LiveRefresh } from "@/components/live-refresh.tsx";
import { hasRole } from "@/lib/auth/roles.ts";
import { requirePageRole } from "@/lib/auth/server.ts";
import { getDb } from "@/lib/db.ts";
import { formatDateTime } from "@/lib/format.ts";
import { campaignProgress } from "@/lib/ranking/campaigns/progress.ts";
import { cancelCampaignAction } from "../actions.ts";
import { CampaignStatusBadge } from "../status-badge.tsx";
import { JobTable } from "./job-table.tsx";

type Props = { params: Promise<{ id: string }> };

function decode(raw: string): string {
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}

export async function generateMetadata({ params }: Props): Promise<Metadata> {
  return { title: `Campaign ${decode((await params).id)}` };
}

export default async function CampaignPage({ params }: Props) {
  const id = decode((await params).id);
  const user = await requirePageRole("viewer", `/campaigns/${encodeURIComponent(id)}`);
  const db = await getDb();
  const [campaign, jobs] = await Promise.all([campaignOverview(db, id), campaignJobs(db, id)]);
  if (!campaign) notFound();
  const p = campaignProgress(campaign.jobs);
  const live = campaign.status === "active" || campaign.status === "draft" || p.onDevices > 0;
  const target = campaign.target as { deviceClassIds?: string[]; tags?: string[]; deviceIds?: string[] };
  const now = new Date();
  const exportBase = `/api/export/campaigns/${encodeURIComponent(campaign.id)}`;
  return (
    <>
      <h1 data-testid="campaign-name">
        {campaign.name} <CampaignStatusBadge status={campaign.status} />
      </h1>
      <div className="grid">
        <section className="card" aria-labelledby="summary-heading" data-testid="campaign-summary">
          <h2 id="summary-heading" style={{ marginTop: 0 }}>
            Progress
          </h2>
          <p
            data-testid="campaign-progress"
            data-finished={p.finished}
            data-total={p.total}
            data-percent={p.percent}
          >
            <progress
              max={Math.max(1, p.total)}
              value={p.finished}
              aria-label={`${p.percent}% of jobs finished`}
            />{" "}
            {p.finished} of {p.total} jobs finished ({p.percent}%) · {p.onDevices} on devices · {p.queued}{" "}
            queued
          </p>
          <ul className="muted" data-testid="campaign-job-counts">
            {Object.entries(campaign.jobs).map(([status, n]) => (
              <li key={status} data-status={status} data-count={n}>
                {status.replace("_", " ")}: {n}
              </li>
            ))}
          </ul>
        </section>
        <section className="card" aria-labelledby="setup-heading">
          <h2 id="setup-heading" style={{ marginTop: 0 }}>
            Set-up
          </h2>
          <dl className="facts">
            <dt>Suite</dt>
            <dd className="mono">
              {campaign.suite.id}@{campaign.suite.version}
            </dd>
            <dt>Target</dt>
            <dd data-testid="campaign-target">
              {[
                target.deviceClassIds?.length ? `classes ${target.deviceClassIds.join(", ")}` : null,
                target.tags?.length ? `tags ${target.tags.join(", ")}` : null,
                target.deviceIds?.length ? `devices ${target.deviceIds.join(", ")}` : null,
              ]
                .filter(Boolean)
                .join("; ") || "—"}
            </dd>
            <dt>Overrides</dt>
            <dd className="mono" data-testid="campaign-overrides">
              {campaign.overrides ? JSON.stringify(campaign.overrides) : "none (the suite's scenario)"}
            </dd>
            <dt>Created</dt>
            <dd>
              {formatDateTime(campaign.createdAt)}
              {campaign.createdBy && ` by ${campaign.createdBy}`}
            </dd>
            <dt>Export</dt>
            <dd>
              <a href={`${exportBase}.csv`} data-testid="campaign-export-csv" download>
                CSV
              </a>{" "}
              ·{" "}
              <a href={`${exportBase}.json`} data-testid="campaign-export-json" download>
                JSON
              </a>
            </dd>
            <dt>Report</dt>
            <dd>
              <a href={`/campaigns/${encodeURIComponent(campaign.id)}/report`} data-testid="campaign-report">
                Fleet report (HTML)
              </a>{" "}
              ·{" "}
              <a
                href={`/campaigns/${encodeURIComponent(campaign.id)}/report.pdf`}
                data-testid="campaign-report-pdf"
              >
                PDF
              </a>
            </dd>
          </dl>
          {hasRole(user.role, "researcher") &&
            (campaign.status === "active" || campaign.status === "draft") && (
              <p>
                <ActionButton
                  action={cancelCampaignAction}
                  id={campaign.id}
                  label="Cancel campaign"
                  variant="danger"
                  confirm={`Cancel campaign "${campaign.name}"? Queued jobs are dropped and running ones stopped.`}
                  testId="campaign-cancel"
                />
              </p>
            )}
        </section>
      </div>
      <JobTable jobs={jobs} />
      {live && <LiveRefresh intervalMs={5000} renderedAt={now.toISOString()} />}
    </>
  );
}
