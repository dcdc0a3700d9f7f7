import type { JobCounts } from "@edgeseg/db";

/** Jobs that will not run again: a campaign is finished when every job is one of these. */
export const FINISHED_JOB_STATUSES = ["succeeded", "failed", "cancelled", "timed_out"] as const;

export interface CampaignProgress {
  total: number;
  finished: number;
  /** On a device: delivered or running. */
  onDevices: number;
  queued: number;
  /** 0–100, whole percent of finished jobs. */
  percent: number;
}

export function campaignProgress(jobs: JobCounts): CampaignProgress {
  const total = Object.values(jobs).reduce((a, b) => a + b, 0);
  const finished = FINISHED_JOB_STATUSES.reduce((n, s) => n + jobs[s], 0);
  return {
    total,
    finished,
    onDevices: jobs.delivered + jobs.running,
    queued: jobs.queued,
    percent: total === 0 ? 0 : Math.floor((finished / total) * 100),
  };
}
