import type { Db } from "../client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { CampaignStatus, JobStatus } from "../generated/prisma/enums.ts";

export type JobCounts = Record<JobStatus, number>;

export const JOB_STATUSES: readonly JobStatus[] = [
  "queued",
  "delivered",
  "running",
  "succeeded",
  "failed",
  "cancelled",
  "timed_out",
];

/** A campaign with its suite and how many of its jobs are in each status. */
export interface CampaignOverview {
  id: string;
  name: string;
  status: CampaignStatus;
  createdAt: Date;
  /** The creating user's e-mail; null for the hub's own tools or a deleted user. */
  createdBy: string | null;
  suite: { sha256: string; id: string; version: string };
  /** As stored: { deviceClassIds?, tags?, deviceIds? }. */
  target: unknown;
  /** Scenario overrides as stored, or null. */
  overrides: unknown;
  jobs: JobCounts;
  totalJobs: number;
}

export function emptyJobCounts(): JobCounts {
  return Object.fromEntries(JOB_STATUSES.map((s) => [s, 0])) as JobCounts;
}

const select = {
  id: true,
  name: true,
  status: true,
  createdAt: true,
  target: true,
  overrides: true,
  createdBy: { select: { email: true } },
  suite: { select: { sha256: true, id: true, version: true } },
} satisfies Prisma.CampaignSelect;

/** The newest campaigns first (at most `take`), with job counts by status. */
export async function campaignOverviews(db: Db, opts: { take?: number } = {}): Promise<CampaignOverview[]> {
  const rows = await db.prisma.campaign.findMany({
    orderBy: [{ createdAt: "desc" }, { id: "asc" }],
    take: opts.take ?? 200,
    select,
  });
  return withJobCounts(db, rows);
}

/** One campaign's overview, or null for an unknown id. */
export async function campaignOverview(db: Db, id: string): Promise<CampaignOverview | null> {
  const row = await db.prisma.campaign.findUnique({ where: { id }, select });
  return row ? ((await withJobCounts(db, [row]))[0] ?? null) : null;
}

type Row = Prisma.CampaignGetPayload<{ select: typeof select }>;

async function withJobCounts(db: Db, rows: Row[]): Promise<CampaignOverview[]> {
  const groups = await db.prisma.job.groupBy({
    by: ["campaignId", "status"],
    where: { campaignId: { in: rows.map((r) => r.id) } },
    _count: { _all: true },
  });
  return rows.map((r) => {
    const jobs = emptyJobCounts();
    for (const g of groups) if (g.campaignId === r.id) jobs[g.status] = g._count._all;
    return {
      id: r.id,
      name: r.name,
      status: r.status,
      createdAt: r.createdAt,
      createdBy: r.createdBy?.email ?? null,
      suite: r.suite,
      target: r.target,
      overrides: r.overrides ?? null,
      jobs,
      totalJobs: Object.values(jobs).reduce((a, b) => a + b, 0),
    };
  });
}
