// `npm run bench:dashboard`: server render time of the dashboard's leaderboard, fleet and compare
// pages over a hub database with 1,000,000 results from 500 devices and 20 models (issue 5,
// "Benchmark"). Seeds a SQLite file created by the real migrations in a temp dir (deterministic:
// seeded PRNG), builds the dashboard if `.next` is missing or stale, runs `next start` on 127.0.0.1,
// logs in as an admin made with createAdmin, and times sequential GETs per page (p50/p95), then
// profiles the pages' queries in-process. Prints a table and one JSON line; stops its server and
// deletes its temp dir. Bounded: each page stops after --page-seconds (default 60).
import { availableParallelism } from "node:os";
import { createAdmin } from "edgeseg-dashboard/create-admin";
import { stopAll } from "../../support/process.ts";
import { tempDir } from "../../support/temp-dir.ts";
import { buildDashboard, buildId, buildNeeded } from "./build.ts";
import { SUITES } from "./catalogue.ts";
import { measurePage, type PageSpec, type PageTiming } from "./measure.ts";
import { parseOptions } from "./options.ts";
import { startPresence } from "./presence.ts";
import { createRng } from "./prng.ts";
import { type ProfileStep, profileQueries } from "./profile.ts";
import { jsonLine, table } from "./report.ts";
import { seedDatabase } from "./seed.ts";
import { startDashboard } from "./server.ts";

const opts = parseOptions(process.argv.slice(2));
const log = (s: string) => process.stderr.write(`[bench:dashboard] ${s}\n`);
const dir = tempDir("bench-dashboard");
const cleanup = () => (opts.keep ? log(`kept ${dir.path}`) : dir.remove());
process.once("SIGINT", () => {
  void stopAll().finally(() => {
    cleanup();
    process.exit(130);
  });
});

try {
  let buildS: number | null = null;
  const why = opts.build ? buildNeeded() : null;
  if (why) {
    log(`building the dashboard: ${why}`);
    buildS = await buildDashboard();
  }
  log(`seeding ${opts.results} results, ${opts.devices} devices in ${dir.path}`);
  const seeded = await seedDatabase(dir.path, { ...opts, log });
  log(`seeded in ${seeded.seconds.total.toFixed(1)} s, ${(seeded.dbBytes / 2 ** 20).toFixed(0)} MiB`);
  const admin = await createAdmin({
    dataDir: dir.path,
    email: "bench-admin@example.org",
    password: createRng(opts.seed).text(24, "abcdefghjkmnpqrstuvwxyz23456789"),
  });

  const slices = [...seeded.counts.slices].sort((a, b) => b[1] - a[1]);
  const [bigSuite, bigClass] = slices[0]![0].split("/") as [string, string];
  const [smallSuite, smallClass] = slices[slices.length - 1]![0].split("/") as [string, string];
  const second = slices.map(([k]) => k.split("/")).find(([s, c]) => s === bigSuite && c !== bigClass)![1]!;
  const compareClasses = [bigClass, second];
  const suiteName = (sha: string) => SUITES.find((s) => s.sha256 === sha)?.id ?? sha.slice(0, 12);
  const pages: PageSpec[] = [
    {
      name: `leaderboard ${suiteName(bigSuite)} × ${bigClass}`,
      path: `/leaderboard?suite=${bigSuite}&class=${bigClass}`,
      marker: "leaderboard-table",
    },
    { name: "leaderboard, default selection", path: "/leaderboard", marker: "leaderboard-table" },
    {
      name: `leaderboard ${suiteName(smallSuite)} × ${smallClass}`,
      path: `/leaderboard?suite=${smallSuite}&class=${smallClass}`,
      marker: "leaderboard-table",
    },
    {
      name: `compare ${compareClasses.join(" + ")}`,
      path: `/compare?suite=${bigSuite}&classes=${compareClasses.join(",")}`,
      marker: "compare-table",
    },
    { name: "fleet (home)", path: "/", marker: "device-table" },
  ];

  const timings: PageTiming[] = [];
  const servedBuild = buildId();
  const presence = startPresence(seeded.path);
  try {
    log("starting next start on 127.0.0.1");
    const dash = await startDashboard(dir.path, admin);
    try {
      for (const page of pages) {
        log(`timing ${page.path}`);
        const t = await measurePage(dash, page, {
          warmup: opts.warmup,
          requests: opts.requests,
          budgetS: opts.pageSeconds,
        });
        log(`  p50 ${t.p50} ms, p95 ${t.p95} ms (n=${t.n})`);
        timings.push(t);
      }
    } finally {
      await dash.close();
    }
  } finally {
    presence.stop();
  }
  // Another process rebuilding apps/dashboard/.next mid-run would mix two builds in one server.
  const buildChanged = buildId() !== servedBuild;
  if (buildChanged) log("WARNING: apps/dashboard/.next was rebuilt by another process during the run");

  let profile: ProfileStep[] = [];
  if (opts.profile) {
    log("profiling the pages' queries in-process");
    profile = await profileQueries(
      seeded.path,
      { suiteSha256: bigSuite, deviceClassId: bigClass },
      compareClasses,
      { reps: opts.reps, budgetS: opts.pageSeconds },
    );
  }
  console.log(table(seeded, timings, profile, { cores: availableParallelism(), buildS, buildChanged }));
  console.log(jsonLine(seeded, timings, profile, buildChanged));
} finally {
  await stopAll();
  cleanup();
}
