import type { Db } from "@edgeseg/db";
import type { ScenarioOverrides } from "@edgeseg/protocol";
import { createCampaign } from "@edgeseg/registry";
import type { Child } from "./child.ts";
import { waitUntil } from "./wait.ts";

const OPEN_STATUSES = ["queued", "delivered", "running"] as const;
const OPEN = new Set<string>(OPEN_STATUSES);

/** A campaign running every given model of the suite on one device, created as the dashboard does. */
export async function startCampaign(
  db: Db,
  opts: {
    name: string;
    suiteSha256: string;
    models: string[];
    deviceId: string;
    createdBy: string | null;
    overrides?: ScenarioOverrides;
  },
): Promise<string> {
  const { campaignId } = await createCampaign(db, {
    name: opts.name,
    suiteId: opts.suiteSha256,
    modelIds: opts.models,
    target: { deviceIds: [opts.deviceId] },
    createdBy: opts.createdBy,
    ...(opts.overrides ? { scenarioOverrides: opts.overrides } : {}),
    timeoutMs: 10 * 60_000,
  });
  return campaignId;
}

/** The latest campaign with jobs still open on this device for the suite (an interrupted run). */
export async function unfinishedCampaign(
  db: Db,
  deviceId: string,
  suiteSha256: string,
): Promise<string | null> {
  const job = await db.prisma.job.findFirst({
    where: {
      deviceId,
      status: { in: [...OPEN_STATUSES] },
      campaign: { suiteSha256 },
    },
    orderBy: { createdAt: "desc" },
    select: { campaignId: true },
  });
  return job?.campaignId ?? null;
}

export type JobRow = Awaited<ReturnType<typeof readJobs>>[number];

function readJobs(db: Db, campaignId: string) {
  return db.prisma.job.findMany({
    where: { campaignId },
    orderBy: { createdAt: "asc" },
    select: {
      id: true,
      modelId: true,
      modelVersion: true,
      status: true,
      lastError: true,
      progressPhase: true,
      progressDone: true,
      progressTotal: true,
      result: { select: { verdict: true, meanDice: true, perCaseMeanMs: true } },
    },
  });
}

/** One terminal line for a job: its state, its progress while it runs, its numbers when done. */
export function describeJob(job: JobRow): string {
  const label = `${job.modelId}@${job.modelVersion}`.padEnd(28);
  if (job.status === "running" && job.progressPhase) {
    return `${label} running    ${job.progressPhase} ${job.progressDone ?? 0}/${job.progressTotal ?? "?"}`;
  }
  const r = job.result;
  if (r) {
    const dice = r.meanDice === null ? "—" : r.meanDice.toFixed(3);
    const ms = r.perCaseMeanMs === null ? "—" : `${Math.round(r.perCaseMeanMs)} ms`;
    return `${label} ${job.status.padEnd(10)} ${r.verdict}  mean DSC ${dice}, per case ${ms}`;
  }
  return `${label} ${job.status}${job.lastError ? `: ${job.lastError}` : ""}`;
}

/**
 * Waits until no job of the campaign is queued, delivered or running, calling `report` with a line
 * whenever a job's state or progress phase changes. Returns the jobs as they ended.
 */
export async function waitForCampaign(
  db: Db,
  campaignId: string,
  report: (line: string) => void,
  opts: { timeoutMs: number; children: Child[] },
): Promise<JobRow[]> {
  const seen = new Map<string, string>();
  return waitUntil(
    async () => {
      const jobs = await readJobs(db, campaignId);
      for (const job of jobs) {
        const key = `${job.status}|${job.status === "running" ? job.progressPhase : ""}`;
        if (seen.get(job.id) === key) continue;
        seen.set(job.id, key);
        report(describeJob(job));
      }
      return jobs.every((j) => !OPEN.has(j.status)) && jobs;
    },
    `campaign ${campaignId} to finish`,
    { timeoutMs: opts.timeoutMs, children: opts.children, everyMs: 500 },
  );
}
