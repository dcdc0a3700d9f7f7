import { describeDevice, loadManifest } from "@edgeseg/bench";
import { AppError, type FineTuningResult } from "@edgeseg/protocol";
import { type FineTuningScenario, loadSuite, manifestPath } from "@edgeseg/suites";
import { parseOptions } from "../../cli/options.ts";
import { fmt, writeJsonFile } from "../../cli/output.ts";
import { defaultCacheDir } from "../../suite/cache-dir.ts";
import { AGENT_VERSION } from "../../version.ts";
import { type FinetuneOptions, finetuneOptionsSchema } from "./options.ts";

/** One model's fine-tuning as `finetune --json` writes it: which model and suite, and the block. */
export interface FinetuneReport {
  agentVersion: string;
  createdAt: string;
  suite: { id: string; version: string; sha256: string };
  model: { id: string; version: string; manifestSha256: string };
  fineTuning: FineTuningResult;
  /** Feature bytes held in memory, per-step losses, validation DSC before training and after each epoch. */
  detail: { cachedBytes: number; losses: number[]; validation: number[] } | null;
}

const line = (s: string) => process.stderr.write(`${s}\n`);

export async function finetuneCommand(raw: unknown): Promise<void> {
  const opts = parseOptions(finetuneOptionsSchema, raw);
  // The engine is loaded only now: parsing flags must stay cheap.
  const { prepareSite, runFineTune } = await import("@edgeseg/finetune/run");
  const loaded = await loadSuite(opts.suite ?? "standard-v1");
  const scenario = loaded.suite.fineTuning;
  if (!scenario)
    throw new AppError(
      "INPUT",
      `suite ${loaded.suite.id}@${loaded.suite.version} has no fineTuning scenario; use standard-v1 or a suite that defines one`,
    );
  const models = opts.model ? [opts.model] : loaded.suite.models.map((m) => manifestPath(loaded, m.manifest));
  // A manifest that cannot be fine-tuned is refused before any data is generated.
  for (const path of models) {
    const { manifest } = await loadManifest(path);
    const ft = manifest.fineTuning;
    if (!ft.supported || !ft.trainableFrom || !ft.loss)
      throw new AppError(
        "INPUT",
        `model ${manifest.id} does not declare on-device fine-tuning: its manifest's fineTuning needs supported: true, trainableFrom and loss (docs/fine-tuning.md)`,
      );
  }
  const { profile } = await describeDevice();
  const threads = opts.threads ?? profile.runtime.threads;
  line(
    `preparing site ${scenario.site.site} (${scenario.site.train.cases} train + ${scenario.site.test.cases} test cases)`,
  );
  const site = await prepareSite(scenario.site, defaultCacheDir(), (split, done, total) =>
    line(`  site ${scenario.site.site} ${split}: case ${done}/${total}`),
  );
  const reports: FinetuneReport[] = [];
  for (const path of models) {
    const { manifest, manifestSha256 } = await loadManifest(path);
    const t0 = performance.now();
    line(`${manifest.id}: fine-tuning`);
    const run = await runFineTune({
      spec: specFor(scenario, opts, {
        manifestPath: path,
        trainDir: site.trainDir,
        testDir: site.testDir,
        datasetLabel: site.label,
        threads,
      }),
      timeoutMs: opts.timeout * 1000,
      ...(opts.memoryLimit ? { memoryLimitMb: opts.memoryLimit } : {}),
      onProgress: (p) => line(`  [${((performance.now() - t0) / 1000).toFixed(1)} s] ${p.message}`),
    });
    reports.push({
      agentVersion: AGENT_VERSION,
      createdAt: new Date().toISOString(),
      suite: { id: loaded.suite.id, version: loaded.suite.version, sha256: loaded.sha256 },
      model: { id: manifest.id, version: manifest.version, manifestSha256 },
      fineTuning: run.block,
      detail: run.detail,
    });
  }
  if (opts.json) await writeJsonFile(opts.json, opts.suite ? reports : reports[0]);
  process.stdout.write(`${table(reports)}\n`);
  if (opts.json)
    process.stdout.write(`fine-tuning result${reports.length > 1 ? "s" : ""} written to ${opts.json}\n`);
  const failed = reports.filter((r) => r.fineTuning.status === "failed");
  if (failed.length > 0)
    throw new AppError(
      "RUN_FAILED",
      failed
        .map(
          (r) =>
            `${r.model.id} fine-tuning failed (${r.fineTuning.failure?.reason}): ${r.fineTuning.failure?.message}`,
        )
        .join("; "),
    );
}

/** The scenario's settings with the command line's overrides (--steps, --epochs, --train-slices). */
export function specFor(
  s: FineTuningScenario,
  o: Pick<FinetuneOptions, "steps" | "epochs" | "trainSlices">,
  where: { manifestPath: string; trainDir: string; testDir: string; datasetLabel: string; threads: number },
) {
  return {
    ...where,
    trainSlices: o.trainSlices ?? s.trainSlices,
    validationSlices: s.validationSlices,
    testCases: s.testCases,
    epochs: o.epochs ?? s.epochs,
    maxSteps: o.steps ?? s.maxSteps,
    batchSize: s.batchSize,
    optimizer: s.optimizer,
    plateauMinDelta: s.plateau.minDelta,
    nsdToleranceMm: 2,
    seed: 2026,
  };
}

function table(reports: readonly FinetuneReport[]): string {
  const rows = reports.map((r) => {
    const f = r.fineTuning;
    if (f.status === "failed")
      return `${r.model.id.padEnd(20)} FAILED (${f.failure?.reason}) peak RSS ${fmt(f.peakRssMb, 0)} MB`;
    return (
      `${r.model.id.padEnd(20)} ${String(f.steps).padStart(5)} steps  step p50 ${fmt(f.stepMs?.p50, 0)} ms  epoch ${fmt(f.epochMs, 0)} ms  ` +
      `total ${fmt(f.totalMs / 1000, 1)} s  peak RSS ${fmt(f.peakRssMb, 0)} MB  DSC ${fmt(f.before?.meanDice)} -> ${fmt(f.after?.meanDice)}  ` +
      `NSD ${fmt(f.before?.meanNsd)} -> ${fmt(f.after?.meanNsd)}  plateau ${f.plateau ? `step ${f.plateau.step}` : "not reached"}`
    );
  });
  return ["model                 fine-tuning on the new site (measured)", ...rows].join("\n");
}
