/**
 * Run-to-run stability of the SingleStream p50: N consecutive `edgeseg-agent bench --suite standard-v1`
 * runs before (one SingleStream measurement of ≥ 5 s, as standard-v1 1.0.0 measured) and after (the
 * suite's repeat rule), interleaved — before/after in round 1, after/before in round 2, … — so both
 * see the same drift in the machine's load. Prints, per model, the p50 of each run, the run-to-run CoV
 * (sample standard deviation / mean) before and after, and the wall time of each suite run.
 *
 *   npm run bench:stability -- [--runs 5] [--threads N] [--json]
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { coefficientOfVariation, median } from "@edgeseg/bench";
import type { ResultDocument } from "@edgeseg/protocol";
import { prepareSuite } from "../src/suite/prepare.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "5" },
    threads: { type: "string" },
    json: { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 2)
  throw new Error(`--runs must be a whole number ≥ 2, got ${values.runs}`);
if (values.threads !== undefined && !/^\d+$/.test(values.threads)) {
  throw new Error(`--threads must be a whole number, got ${values.threads}`);
}
const bin = fileURLToPath(new URL("../bin/edgeseg-agent.js", import.meta.url));
const log = (line: string) => values.json || console.log(line);

const ARMS = {
  before: ["--repeats-min", "1", "--repeats-max", "1", "--min-duration", "5"],
  after: [] as string[],
} as const;
type Arm = keyof typeof ARMS;

interface SuiteRun {
  arm: Arm;
  round: number;
  wallS: number;
  load1: number;
  models: { id: string; p50: number; repeats: number; cov: number; stability: string; verdict: string }[];
}

const dir = await mkdtemp(join(tmpdir(), "edgeseg-bench-stability-"));
const env = { ...process.env, EDGESEG_CACHE_DIR: join(dir, "cache") };
const loadBefore = loadavg();
try {
  // The dataset is generated once, outside every timed run.
  await prepareSuite("standard-v1", env.EDGESEG_CACHE_DIR);
  const results: SuiteRun[] = [];
  for (let round = 1; round <= runs; round++) {
    const order: Arm[] = round % 2 === 1 ? ["before", "after"] : ["after", "before"];
    for (const arm of order) {
      const out = join(dir, `${arm}-${round}.json`);
      const args = ["bench", "--suite", "standard-v1", "--json", out, ...ARMS[arm]];
      if (values.threads !== undefined) args.push("--threads", values.threads);
      const load1 = loadavg()[0]!;
      const t0 = performance.now();
      const run = spawnSync(process.execPath, [bin, ...args], { env, encoding: "utf8" });
      const wallS = (performance.now() - t0) / 1000;
      // 10: completed but INVALID (e.g. throttled) — still a measurement for this comparison.
      if (run.status !== 0 && run.status !== 10)
        throw new Error(`bench ${args.join(" ")} failed: ${run.stderr.trim()}`);
      const docs = JSON.parse(await readFile(out, "utf8")) as ResultDocument[];
      const models = docs.map((d) => ({
        id: d.model.id,
        p50: d.timing!.singleStream.p50,
        repeats: d.timing!.repeats?.p50Ms.length ?? 1,
        cov: d.timing!.repeats?.cov ?? 0,
        stability: d.timing!.repeats?.stability ?? "—",
        verdict: d.validity.verdict,
      }));
      results.push({ arm, round, wallS, load1, models });
      log(
        `round ${round} ${arm.padEnd(6)} ${wallS.toFixed(1)} s, load ${load1.toFixed(2)}: ` +
          models
            .map(
              (m) =>
                `${m.id} ${m.p50.toFixed(2)} ms (${m.repeats}×, ${(m.cov * 100).toFixed(1)} %, ${m.stability})`,
            )
            .join("; "),
      );
    }
  }

  const ids = results[0]!.models.map((m) => m.id);
  const summary = ids.map((id) => {
    const per = (arm: Arm) => {
      const p50s = results.filter((r) => r.arm === arm).map((r) => r.models.find((m) => m.id === id)!.p50);
      const repeats = results
        .filter((r) => r.arm === arm)
        .map((r) => r.models.find((m) => m.id === id)!.repeats);
      const unstable = results
        .filter((r) => r.arm === arm)
        .filter((r) => r.models.find((m) => m.id === id)!.stability === "UNSTABLE").length;
      return { p50s, median: median(p50s), cov: coefficientOfVariation(p50s), repeats, unstable };
    };
    return { id, before: per("before"), after: per("after") };
  });
  const wall = (arm: Arm) => results.filter((r) => r.arm === arm).map((r) => r.wallS);
  const loadAfter = loadavg();

  log("");
  log(
    `| model | before: p50 per run (ms) | before CoV | after: p50 per run (ms) | after CoV | repeats per run (after) | UNSTABLE runs (after) |`,
  );
  log("|---|---|---|---|---|---|---|");
  for (const s of summary) {
    const ms = (xs: number[]) => xs.map((x) => x.toFixed(2)).join(" / ");
    log(
      `| ${s.id} | ${ms(s.before.p50s)} | **${(s.before.cov * 100).toFixed(1)} %** | ${ms(s.after.p50s)} | **${(s.after.cov * 100).toFixed(1)} %** | ${s.after.repeats.join(" ")} | ${s.after.unstable} of ${runs} |`,
    );
  }
  const w = (arm: Arm) =>
    `${median(wall(arm)).toFixed(1)} s median (${Math.min(...wall(arm)).toFixed(1)}–${Math.max(...wall(arm)).toFixed(1)} s)`;
  log("");
  log(`wall time per suite run: before ${w("before")}, after ${w("after")}`);
  log(
    `load average (1/5/15 min) at start ${loadBefore.map((x) => x.toFixed(2)).join(" ")}, at end ${loadAfter.map((x) => x.toFixed(2)).join(" ")}; ` +
      `1-min load at each run's start: median ${median(results.map((r) => r.load1)).toFixed(2)}`,
  );
  if (values.json) {
    console.log(
      JSON.stringify({ runs, threads: values.threads ?? null, results, summary, loadBefore, loadAfter }),
    );
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
