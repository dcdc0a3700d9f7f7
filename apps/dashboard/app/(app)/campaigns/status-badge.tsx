import type { CampaignStatus, JobStatus } from "@edgeseg/db";

const tone: Record<CampaignStatus | JobStatus, string> = {
  draft: "",
  active: "warn",
  completed: "ok",
  cancelled: "",
  queued: "",
  delivered: "warn",
  running: "warn",
  succeeded: "ok",
  failed: "bad",
  timed_out: "bad",
};

export function CampaignStatusBadge({ status }: { status: CampaignStatus }) {
  return (
    <span className={`badge ${tone[status]}`} data-testid="campaign-status" data-status={status}>
      {status}
    </span>
  );
}

export function JobStatusBadge({ status }: { status: JobStatus }) {
  return (
    <span className={`badge ${tone[status]}`} data-testid="job-status" data-status={status}>
      {status.replace("_", " ")}
    </span>
  );
}
