import type { CampaignOverview } from "@edgeseg/db";
import Link from "next/link";
import { formatDateTime } from "@/lib/format.ts";
import { campaignProgress } from "@/lib/ranking/campaigns/progress.ts";
import { CampaignStatusBadge } from "./status-badge.tsx";

export function CampaignTable({ campaigns }: { campaigns: CampaignOverview[] }) {
  return (
    <div className="table-wrap">
      <table data-testid="campaign-table">
        <caption>Campaigns, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Campaign</th>
            <th scope="col">Suite</th>
            <th scope="col">Status</th>
            <th scope="col">Progress</th>
            <th scope="col">Jobs by status</th>
            <th scope="col">Created</th>
          </tr>
        </thead>
        <tbody>
          {campaigns.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No campaigns yet.
              </td>
            </tr>
          )}
          {campaigns.map((c) => {
            const p = campaignProgress(c.jobs);
            return (
              <tr key={c.id} data-testid="campaign-row" data-campaign-id={c.id} data-status={c.status}>
                <th scope="row">
                  <Link href={`/campaigns/${encodeURIComponent(c.id)}`}>{c.name}</Link>
                </th>
                <td className="mono">
                  {c.suite.id}@{c.suite.version}
                </td>
                <td>
                  <CampaignStatusBadge status={c.status} />
                </td>
                <td data-testid="campaign-progress" data-finished={p.finished} data-total={p.total}>
                  <progress
                    max={Math.max(1, p.total)}
                    value={p.finished}
                    aria-label={`${p.finished} of ${p.total} jobs finished`}
                  />{" "}
                  {p.finished}/{p.total}
                </td>
                <td className="muted">
                  {Object.entries(c.jobs)
                    .filter(([, n]) => n > 0)
                    .map(([status, n]) => `${n} ${status.replace("_", " ")}`)
                    .join(", ") || "none"}
                </td>
                <td>
                  {formatDateTime(c.createdAt)}
                  {c.createdBy && <div className="muted">{c.createdBy}</div>}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
