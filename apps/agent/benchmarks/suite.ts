/**
 * The standard suite's costs on this machine, in one run:
 *   1. phantom generation time per case (test split, in memory and written to disk);
 *   2. per-model SingleStream latency for onnxruntime-node and onnxruntime-web (WASM), 1 and 2 threads,
 *      each configuration in its own child process, configurations interleaved per model;
 *   3. the wall time of `edgeseg-agent bench --suite standard-v1` with the suite's own settings.
 *
 *   npm run bench:suite -- [--json]
 */
import { spawnSync } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { runBenchmark } from "@edgeseg/bench";
import { caseSpec, DEFAULT_CASES, generatePhantomCase, writePhantomDataset } from "@edgeseg/phantom";
import { prepareSuite } from "../src/suite/prepare.ts";
import { AGENT_VERSION } from "../src/version.ts";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const bin = fileURLToPath(new URL("../bin/edgeseg-agent.js", import.meta.url));
const dir = await mkdtemp(join(tmpdir(), "edgeseg-bench-suite-"));
const log = (line: string) => values.json || console.log(line);

try {
  // 1. Generator.
  const generator = [];
  for (let n = 0; n < DEFAULT_CASES.test; n++) {
    const spec = caseSpec("test", n);
    const t0 = performance.now();
    generatePhantomCase(spec.seed, { dims: spec.dims, spacing: spec.spacing });
    generator.push({ case: spec.id, dims: spec.dims.join("×"), ms: performance.now() - t0 });
  }
  let t0 = performance.now();
  await writePhantomDataset(join(dir, "phantom"), { split: "test" });
  const writeSplitMs = performance.now() - t0;
  for (const g of generator) log(`phantom ${g.case} ${g.dims}: ${g.ms.toFixed(0)} ms in memory`);
  log(`phantom test split written (gzip + hashes): ${writeSplitMs.toFixed(0)} ms`);

  // 2. Backends × threads, per model.
  const prepared = await prepareSuite("standard-v1", join(dir, "cache"));
  const configs = [
    { backend: "node", threads: 1 },
    { backend: "node", threads: 2 },
    { backend: "wasm", threads: 1 },
    { backend: "wasm", threads: 2 },
  ] as const;
  const latency = [];
  for (const model of prepared.models) {
    for (const c of configs) {
      const doc = await runBenchmark({
        manifestPath: model.manifestPath,
        datasetDir: prepared.datasetDir,
        datasetSha256: prepared.datasetSha256,
        backend: c.backend,
        threads: c.threads,
        agentVersion: AGENT_VERSION,
        scenario: {
          singleStream: { minDurationMs: 3000, minQueries: 100, maxDurationMs: 30_000 },
          offline: { batchSize: 4, minQueries: 32 },
          maxCases: 1,
        },
      });
      const s = doc.timing?.singleStream;
      const row = {
        model: model.id,
        backend: c.backend,
        threads: c.threads,
        p50: s?.p50 ?? null,
        p90: s?.p90 ?? null,
        loadMs: doc.timing?.sessionCreateMs ?? null,
        caseMs: doc.timing?.perCase.meanMs ?? null,
        peakMb: doc.resources?.peakRssMb ?? null,
      };
      latency.push(row);
      log(
        `${row.model} ${row.backend} ${row.threads}t: p50 ${row.p50?.toFixed(2)} ms, p90 ${row.p90?.toFixed(2)} ms, load ${row.loadMs?.toFixed(0)} ms, case ${row.caseMs?.toFixed(0)} ms, peak ${row.peakMb?.toFixed(0)} MB`,
      );
    }
  }

  // 3. The whole suite as a user runs it (fresh cache: includes generating the dataset).
  t0 = performance.now();
  const run = spawnSync(process.execPath, [bin, "bench", "--suite", "standard-v1"], {
    env: { ...process.env, EDGESEG_CACHE_DIR: join(dir, "fresh-cache") },
    encoding: "utf8",
  });
  const suiteWallMs = performance.now() - t0;
  // 10: completed but INVALID — the figures are still printed and compared.
  if (run.status !== 0 && run.status !== 10) throw new Error(`bench --suite failed: ${run.stderr}`);
  log(`edgeseg-agent bench --suite standard-v1 (fresh cache): ${(suiteWallMs / 1000).toFixed(1)} s wall`);
  if (values.json) console.log(JSON.stringify({ generator, writeSplitMs, latency, suiteWallMs }));
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
