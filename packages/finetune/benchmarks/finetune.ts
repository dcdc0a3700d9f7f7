// Fine-tuning of every standard-v1 reference model with the suite's fineTuning scenario on this machine:
// time per step and epoch, time to the plateau, peak RSS (the child's, from /proc), DSC/NSD on site B's
// test split before -> after. Run: npm run bench:finetune   (docs/performance.md, docs/fine-tuning.md)
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { loadSuite, manifestPath } from "@edgeseg/suites";
import { prepareSite, runFineTune } from "../src/run/index.ts";

const loaded = await loadSuite("standard-v1");
const scenario = loaded.suite.fineTuning;
if (!scenario) throw new Error("standard-v1 has no fineTuning scenario");
const threads = Number(process.env.THREADS ?? 2);
const cacheDir = process.env.EDGESEG_CACHE_DIR ?? join(tmpdir(), "edgeseg-bench-finetune");
const t0 = performance.now();
const site = await prepareSite(scenario.site, cacheDir, (split, done, total) =>
  console.error(`site ${scenario.site.site} ${split}: case ${done}/${total}`),
);
console.error(`site data ready in ${((performance.now() - t0) / 1000).toFixed(1)} s (${site.label})`);
const load0 = loadavg()[0] ?? 0;
const rows: string[] = [];
for (const m of loaded.suite.models) {
  const started = performance.now();
  const run = await runFineTune({
    spec: {
      manifestPath: manifestPath(loaded, m.manifest),
      trainDir: site.trainDir,
      testDir: site.testDir,
      datasetLabel: site.label,
      trainSlices: scenario.trainSlices,
      validationSlices: scenario.validationSlices,
      testCases: scenario.testCases,
      epochs: scenario.epochs,
      maxSteps: scenario.maxSteps,
      batchSize: scenario.batchSize,
      optimizer: scenario.optimizer,
      plateauMinDelta: scenario.plateau.minDelta,
      nsdToleranceMm: loaded.suite.accuracy.nsdToleranceMm,
      threads,
      seed: 2026,
    },
    onProgress: (p) =>
      console.error(`  ${m.id} [${((performance.now() - started) / 1000).toFixed(1)} s] ${p.message}`),
  });
  const f = run.block;
  const wall = (performance.now() - started) / 1000;
  const n = (v: number | null | undefined, d = 0) => (v === null || v === undefined ? "—" : v.toFixed(d));
  rows.push(
    `| ${m.id} | ${f.status} | ${f.trainable.parameters} / ${f.trainable.frozenParameters} | ${f.batchSize} | ${f.steps} (${f.epochs} ep.) | ` +
      `${n(f.stepMs?.p50)} / ${n(f.stepMs?.mean)} | ${n(f.epochMs)} | ${f.plateau ? `step ${f.plateau.step}, ${n(f.plateau.ms / 1000, 1)} s` : "not reached"} | ` +
      `${n(f.totalMs / 1000, 1)} | ${n(f.peakRssMb)} | ${n((run.detail?.cachedBytes ?? 0) / 2 ** 20, 1)} | ` +
      `${n(f.before?.meanDice, 3)} → ${n(f.after?.meanDice, 3)} | ${n(f.before?.meanNsd, 3)} → ${n(f.after?.meanNsd, 3)} | ` +
      `${n(f.loss?.first, 3)} → ${n(f.loss?.last, 3)} | ${n(wall, 0)} |`,
  );
  console.error(`  ${m.id}: ${f.status}${f.failure ? ` (${f.failure.reason}: ${f.failure.message})` : ""}`);
}
console.log(
  `${cpus().length} cores (${cpus()[0]?.model}), ${threads} intra-op threads, load average ${load0.toFixed(2)} -> ${(loadavg()[0] ?? 0).toFixed(2)}: measured, machine shared`,
);
console.log(
  `scenario: ${scenario.trainSlices} train + ${scenario.validationSlices} validation slices, ${scenario.testCases} test case, ${scenario.epochs} epochs (max ${scenario.maxSteps} steps), batch ${scenario.batchSize}, ${scenario.optimizer.name} ${scenario.optimizer.learningRate}`,
);
console.log(
  "| model | status | trainable / frozen params | batch | steps | step p50 / mean (ms) | epoch (ms) | plateau | fine-tuning total (s) | peak RSS (MB) | cached features (MiB) | DSC before → after | NSD before → after | loss first → last | wall incl. scoring (s) |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) console.log(r);
