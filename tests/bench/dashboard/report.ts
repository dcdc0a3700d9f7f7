import type { PageTiming } from "./measure.ts";
import type { ProfileStep } from "./profile.ts";
import type { Seeded } from "./seed.ts";
import { round } from "./stats.ts";

const pad = (v: unknown, n: number) => String(v ?? "-").padStart(n);
export const LEADERBOARD_GOAL_P95_MS = 200;

/** The human-readable report: the data set, one row per page, then where the time goes. */
export function table(
  seeded: Seeded,
  pages: PageTiming[],
  profile: ProfileStep[],
  meta: { cores: number; buildS: number | null; buildChanged: boolean },
): string {
  const c = seeded.counts;
  const pct = (n: number) => `${round((100 * n) / c.results)} %`;
  const largest = Math.max(...c.slices.values());
  const out = [
    `edgeseg dashboard benchmark: next start on 127.0.0.1, ${meta.cores} cores${meta.buildS === null ? "" : `, built first in ${round(meta.buildS)} s`}`,
    `data: ${c.results} results (VALID ${pct(c.valid)}, INVALID ${pct(c.invalid)}, failed ${pct(c.failed)}), ${c.organRows} organ rows, ${c.jobs} jobs in ${c.campaigns} campaigns,`,
    `      ${seeded.devices.length} devices, ${c.telemetryRows} telemetry buckets, ${c.slices.size} leaderboards (largest ${largest} results), ${c.liveJobs} jobs in flight`,
    `seed: ${round(seeded.seconds.total)} s (results ${round(seeded.seconds.results)} s, telemetry ${round(seeded.seconds.telemetry)} s, indexes ${round(seeded.seconds.indexes)} s, ${seeded.figures} device figures ${round(seeded.seconds.figures)} s); database ${round(seeded.dbBytes / 2 ** 20)} MiB`,
    "",
    `${"page".padEnd(46)}${pad("n", 4)}${pad("p50 ms", 9)}${pad("p95 ms", 9)}${pad("min", 8)}${pad("max", 8)}${pad("KiB", 6)}`,
    ...pages.map(
      (p) =>
        `${p.name.padEnd(46)}${pad(p.n, 4)}${pad(p.p50, 9)}${pad(p.p95, 9)}${pad(p.min, 8)}${pad(p.max, 8)}${pad(round(p.bytes / 1024, 0), 6)}${p.capped ? "  (time cap)" : ""}`,
    ),
    "time = one GET with the admin's session cookie, request to the last byte of the HTML, sequential",
  ];
  if (meta.buildChanged)
    out.push("WARNING: .next was rebuilt by another process during the run: page figures mix two builds");
  const lb = pages.filter((p) => p.name.startsWith("leaderboard"));
  if (lb.length) {
    const worst = Math.max(...lb.map((p) => p.p95));
    out.push(
      `leaderboard p95 goal < ${LEADERBOARD_GOAL_P95_MS} ms: ${worst < LEADERBOARD_GOAL_P95_MS ? "met" : "NOT met"} (worst ${worst} ms)`,
    );
  }
  if (profile.length) {
    out.push("", "where the time goes (in-process, same file; median of repeated runs):");
    out.push(`${"step".padEnd(54)}${pad("n", 4)}${pad("p50 ms", 9)}${pad("max", 9)}${pad("queries", 9)}`);
    for (const s of profile) {
      out.push(
        `${s.name.padEnd(54)}${pad(s.n, 4)}${pad(s.p50, 9)}${pad(s.max, 9)}${pad(s.queries.length || "", 9)}`,
      );
    }
    for (const s of profile.filter((s) => s.queries.length > 0 && s.p50 >= 20)) {
      out.push("", `${s.name.trim()}: slowest statements of the last run`);
      for (const q of s.queries.slice(0, 4))
        out.push(`  ${pad(q.ms, 8)} ms  ${q.sql}`, `             plan: ${q.plan}`);
    }
  }
  return out.join("\n");
}

/** One JSON line for scripts. */
export function jsonLine(
  seeded: Seeded,
  pages: PageTiming[],
  profile: ProfileStep[],
  buildChanged: boolean,
): string {
  const { slices, ...counts } = seeded.counts;
  return JSON.stringify({
    bench: "dashboard",
    seed: {
      seconds: seeded.seconds,
      dbBytes: seeded.dbBytes,
      devices: seeded.devices.length,
      counts,
      leaderboards: slices.size,
      largestLeaderboard: Math.max(...slices.values()),
    },
    pages: pages.map(({ name, path, n, p50, p95, min, max, mean, bytes, capped }) => ({
      name,
      path,
      n,
      p50,
      p95,
      min,
      max,
      mean,
      bytes,
      capped,
    })),
    profile: profile.map(({ name, n, p50, max, queries }) => ({
      name: name.trim(),
      n,
      p50,
      max,
      statements: queries.length,
    })),
    goal: { leaderboardP95Ms: LEADERBOARD_GOAL_P95_MS },
    buildChanged,
  });
}
