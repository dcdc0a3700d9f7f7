import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Family } from "./family.ts";
import { type FamilyReport, newReport, record } from "./outcomes.ts";
import { inputSeed, Rng } from "./rng.ts";

export interface FuzzOptions {
  seed: number;
  /** Inputs per family. */
  count: number;
  /** Wall-clock budget per family, seconds: the family stops early when it is spent. */
  timeS: number;
  timeoutMs: number;
  memoryBoundMb: number;
  /** Log every input and its outcome, not only the bad ones. */
  verbose?: boolean;
  log?: (line: string) => void;
}

/** Runs each family for `count` inputs or `timeS` seconds, whichever ends first; input i is seeded alone. */
export async function runFamilies(families: Family[], opts: FuzzOptions): Promise<FamilyReport[]> {
  const log = opts.log ?? (() => {});
  const reports: FamilyReport[] = [];
  for (const family of families) {
    const dir = await mkdtemp(join(tmpdir(), `edgeseg-fuzz-${family.name.replace("/", "-")}-`));
    const report = newReport(family.name);
    const started = Date.now();
    const run = await family.open({
      dir,
      timeoutMs: opts.timeoutMs,
      memoryBoundMb: opts.memoryBoundMb,
      log,
    });
    try {
      for (let i = 0; i < opts.count && Date.now() - started < opts.timeS * 1000; i++) {
        const { input, verdict } = await run.next(new Rng(inputSeed(opts.seed, family.name, i)), i);
        record(report, i, input, verdict);
        if (opts.verbose || (verdict.outcome !== "refused" && verdict.outcome !== "accepted")) {
          log(`${family.name} #${i} ${verdict.outcome}: ${input} — ${verdict.detail.split("\n")[0]}`);
        }
      }
    } finally {
      report.extra = await run.close();
      report.ms = Date.now() - started;
      await rm(dir, { recursive: true, force: true });
    }
    log(
      `${family.name}: ${report.inputs} inputs in ${(report.ms / 1000).toFixed(1)} s ${JSON.stringify(report.counts)} ${JSON.stringify(report.extra)}`,
    );
    reports.push(report);
  }
  return reports;
}
