import { performance } from "node:perf_hooks";
import { countedLeaderboardSlices, type Db, leaderboardDetails, leaderboardSlices } from "@edgeseg/db";
import Database from "better-sqlite3";
import { loadFleet } from "../../../apps/dashboard/lib/fleet/load-fleet.ts";
import { loadComparison } from "../../../apps/dashboard/lib/ranking/load-comparison.ts";
import { loadLeaderboard } from "../../../apps/dashboard/lib/ranking/load-leaderboard.ts";
import { clearSliceCounts } from "../../../apps/dashboard/lib/ranking/slice-cache.ts";
import { leaderboard } from "../../../packages/db/src/queries/leaderboard.ts";
import { modelsInSlice } from "../../../packages/db/src/queries/model-runs.ts";
import { notDispatchedCounts } from "../../../packages/db/src/queries/not-dispatched-counts.ts";
import { type LoggedQuery, loggedDb } from "./logged-db.ts";
import { round, type Summary, summarize } from "./stats.ts";

export interface ProfiledQuery {
  ms: number;
  sql: string;
  plan: string;
}

export interface ProfileStep extends Summary {
  name: string;
  /** The statements of the step's last run, slowest first, with SQLite's plan. */
  queries: ProfiledQuery[];
}

interface Slice {
  suiteSha256: string;
  deviceClassId: string;
}

/**
 * Where a page's server time goes, measured in this process against the same file: each query
 * function the pages call (repeated `reps` times, or until `budgetS`), and the SQL statements Prisma
 * sent with their durations and `EXPLAIN QUERY PLAN`.
 */
export async function profileQueries(
  path: string,
  slice: Slice,
  compareClasses: string[],
  opts: { reps: number; budgetS: number },
): Promise<ProfileStep[]> {
  const db = await loggedDb(path);
  const raw = new Database(path, { readonly: true });
  try {
    const steps: [string, () => Promise<unknown>][] = [
      ["leaderboardSlices (loose index scan)", () => leaderboardSlices(db)],
      ["countedLeaderboardSlices (default pick, cached 60 s)", () => countedLeaderboardSlices(db)],
      ["leaderboard(): per-device figures of the slice", () => leaderboard(db, slice)],
      [
        "notDispatchedCounts (per-model seeks)",
        async () => notDispatchedCounts(db, slice, await modelsInSlice(db, slice, "VALID")),
      ],
      ["leaderboardDetails (+ organs, runs, unranked)", () => leaderboardDetails(db, slice)],
      [
        "loadLeaderboard, explicit slice (page data)",
        () => loadLeaderboard(db, { suite: slice.suiteSha256, class: slice.deviceClassId }),
      ],
      [
        "loadLeaderboard, default slice, counts cold",
        () => {
          clearSliceCounts();
          return loadLeaderboard(db, {});
        },
      ],
      [
        "loadComparison, 2 classes (page data)",
        () => loadComparison(db, { suite: slice.suiteSha256, classes: compareClasses }),
      ],
      ["loadFleet (fleet page data)", () => loadFleet(db.prisma, { class: undefined, tag: undefined })],
    ];
    const out: ProfileStep[] = [];
    for (const [name, run] of steps) out.push(await step(db, raw, name, run, opts));
    return out;
  } finally {
    raw.close();
    await db.close();
  }
}

async function step(
  db: Db & { queries: LoggedQuery[] },
  raw: Database.Database,
  name: string,
  run: () => Promise<unknown>,
  opts: { reps: number; budgetS: number },
): Promise<ProfileStep> {
  const samples: number[] = [];
  const start = performance.now();
  await run(); // warm-up: statement caches, pages in memory
  while (
    samples.length < opts.reps &&
    (samples.length < 1 || performance.now() - start < opts.budgetS * 1000)
  ) {
    db.queries.length = 0;
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  const queries = [...db.queries]
    .sort((a, b) => b.ms - a.ms)
    .map((q) => ({ ms: round(q.ms), sql: shorten(q.sql), plan: plan(raw, q) }));
  return { name, ...summarize(samples), queries };
}

function plan(raw: Database.Database, q: LoggedQuery): string {
  try {
    const params = JSON.parse(q.params) as unknown[];
    const rows = raw.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...params) as { detail: string }[];
    return rows.map((r) => r.detail).join(" | ");
  } catch (error) {
    return `(no plan: ${(error as Error).message})`;
  }
}

const shorten = (sql: string) => {
  const flat = sql
    .replace(/\s+/g, " ")
    .replace(/`main`\./g, "")
    .trim();
  const inList = flat.replace(/\((\?,\s?){5,}\?\)/g, "(?,…)");
  return inList.length > 260 ? `${inList.slice(0, 260)}…` : inList;
};
