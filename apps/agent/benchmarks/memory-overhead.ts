/**
 * Where a benchmark run's peak memory goes: the peak RSS (VmHWM, sampled by runIsolated's monitor, and
 * the child's own getrusage maximum) of
 *   (a) a bare loop — plain Node, onnxruntime-node, one session, `--queries` runs on one input;
 *   (b) edgeseg's benchmark child as the monorepo runs it (child.ts under the tsx loader);
 *   (c) the same child bundled into one JavaScript file with esbuild, as the release bundle ships it;
 * same model, threads and arena settings, in interleaved rounds, each arm in its own child process
 * and measured the same way. The edgeseg arms also write a per-phase memory trace (EDGESEG_MEMORY_TRACE)
 * whose medians are printed, so the gap can be attributed step by step.
 *
 *   npm run bench:overhead:memory -- [--model manifest.json] [--rounds 3] [--threads 1] [--queries 200] [--json]
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { defaultScenario, loadManifest, percentile, type RunSpec, runIsolated } from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import { loadSuite, manifestPath } from "@edgeseg/suites";
import { build } from "esbuild";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const { values } = parseArgs({
  options: {
    model: { type: "string" },
    rounds: { type: "string", default: "3" },
    threads: { type: "string", default: "1" },
    queries: { type: "string", default: "200" },
    json: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
const threads = Number(values.threads);
const queries = Number(values.queries);
const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

// Inside node_modules so the children resolve onnxruntime-node from the repository's own install.
const work = join(root, "node_modules/.cache/edgeseg-memory-overhead");
mkdirSync(work, { recursive: true });

/** The bare loop: what a researcher writes to time a model, speaking runIsolated's child protocol. */
const BARE = `
import { readFileSync } from "node:fs";
import * as ort from "onnxruntime-node";
process.once("message", async ({ input }) => {
  const { model, threads, arena, pattern, queries, shape } = input;
  const session = await ort.InferenceSession.create(model, {
    intraOpNumThreads: threads, enableCpuMemArena: arena, enableMemPattern: pattern, graphOptimizationLevel: "all",
  });
  const dims = shape.map((d) => (typeof d === "number" ? d : 1));
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1)).map((_, i) => (i % 97) / 97);
  const feeds = { [session.inputNames[0]]: new ort.Tensor("float32", data, dims) };
  for (let n = 0; n < queries; n++) await session.run(feeds);
  const hwm = /^VmHWM:\\s+(\\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
  const u = process.resourceUsage();
  process.send({ type: "result", value: { vmHwmMb: Number(hwm[1]) / 1024 },
    usage: { maxRssKb: u.maxRSS, userUs: u.userCPUTime, systemUs: u.systemCPUTime } }, () => process.exit(0));
});
`;

async function bundleChild(): Promise<string> {
  const outfile = join(work, "child.mjs");
  await build({
    entryPoints: [join(root, "packages/bench/src/run/child.ts")],
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    outfile,
    external: ["onnxruntime-node", "onnxruntime-web", "onnxruntime-common"],
    banner: {
      js: [
        'import { createRequire as __r } from "node:module";',
        'import { fileURLToPath as __p } from "node:url";',
        "const require = __r(import.meta.url);",
        "const __filename = __p(import.meta.url);",
        'const __dirname = __p(new URL(".", import.meta.url));',
      ].join("\n"),
    },
    logLevel: "error",
  });
  return outfile;
}

async function defaultModel(): Promise<string> {
  const loaded = await loadSuite("standard-v1");
  const semantic = loaded.suite.models.filter((m) => m.id.startsWith("unet"));
  return manifestPath(loaded, (semantic.at(-1) ?? loaded.suite.models[0]!).manifest);
}

type Step = {
  step: string;
  vmRssMb: number;
  vmHwmMb: number;
  heapUsedMb: number;
  externalMb: number;
  arrayBuffersMb: number;
};

const dir = await mkdtemp(join(tmpdir(), "edgeseg-memory-overhead-"));
try {
  await writePhantomDataset(join(dir, "data"), { split: "test", cases: 1 });
  const modelPath = values.model ?? (await defaultModel());
  const { manifest, dir: modelDir } = await loadManifest(modelPath);
  if (manifest.pipeline !== "semantic-2d") throw new Error("measured on a semantic-2d model (one graph)");
  const graph = manifest.graphs.model;
  const bareEntry = join(work, "bare.mjs");
  writeFileSync(bareEntry, BARE);
  const bundled = await bundleChild();
  const spec = {
    manifestPath: modelPath,
    datasetDir: join(dir, "data"),
    backend: "node",
    backendReason: "chosen by the memory benchmark",
    runtime: {
      intraOpThreads: threads,
      graphOptimizationLevel: "all",
      executionProviders: ["cpu"],
      memoryArena: true,
      memoryPattern: true,
    },
    scenario: {
      ...defaultScenario,
      singleStream: { minDurationMs: 1, minQueries: queries, maxDurationMs: 600_000 },
      repeats: { minRepeats: 1, maxRepeats: 1, maxCov: 1 },
      offline: { batchSize: 4, minQueries: 16 },
    },
  } as RunSpec;
  const arms = {
    bare: async () =>
      runIsolated({
        entry: bareEntry,
        input: {
          model: join(modelDir, graph.file),
          threads,
          arena: true,
          pattern: true,
          queries,
          shape: graph.inputs[0]!.shape,
        },
        timeoutMs: 600_000,
      }),
    tsx: async () =>
      runIsolated({ entry: join(root, "packages/bench/src/run/child.ts"), input: spec, timeoutMs: 600_000 }),
    bundled: async () => runIsolated({ entry: bundled, input: spec, timeoutMs: 600_000 }),
  } as const;
  const names = Object.keys(arms) as (keyof typeof arms)[];
  const peaks: Record<string, number[]> = { bare: [], tsx: [], bundled: [] };
  const traces: Record<string, Step[][]> = { tsx: [], bundled: [] };
  for (let r = 0; r < rounds; r++) {
    for (let a = 0; a < names.length; a++) {
      const name = names[(a + r) % names.length]!;
      const trace = join(dir, `trace-${name}-${r}.jsonl`);
      process.env.EDGESEG_MEMORY_TRACE = trace;
      const out = await arms[name]();
      delete process.env.EDGESEG_MEMORY_TRACE;
      if (!out.ok) throw new Error(`${name}: ${out.failure.reason}: ${out.failure.message}`);
      peaks[name]!.push(out.resources.peakRssMb);
      if (name !== "bare")
        traces[name]!.push(
          readFileSync(trace, "utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l) as Step),
        );
    }
  }
  const peak = Object.fromEntries(names.map((n) => [n, median(peaks[n]!)]));
  const steps = (name: string) =>
    traces[name]![0]!.map((s, i) => ({
      step: s.step,
      vmRssMb: median(traces[name]!.map((t) => t[i]!.vmRssMb)),
      heapUsedMb: median(traces[name]!.map((t) => t[i]!.heapUsedMb)),
      arrayBuffersMb: median(traces[name]!.map((t) => t[i]!.arrayBuffersMb)),
    }));
  const report = {
    model: manifest.id,
    threads,
    queries,
    rounds,
    peakRssMb: peak,
    steps: { tsx: steps("tsx"), bundled: steps("bundled") },
  };
  if (values.json) console.log(JSON.stringify(report));
  else {
    console.log(
      `model ${manifest.id}, ${threads} thread(s), ${queries} queries, ${rounds} interleaved rounds; median peak RSS:`,
    );
    for (const n of names)
      console.log(
        `  ${n.padEnd(8)} ${peak[n]!.toFixed(1)} MB (${(peak[n]! - peak.bare!).toFixed(1)} MB over the bare loop)`,
      );
    for (const n of ["tsx", "bundled"]) {
      console.log(`${n} child, per step (median VmRSS / JS heap used / ArrayBuffers, MB):`);
      for (const s of report.steps[n as "tsx" | "bundled"])
        console.log(
          `  ${s.step.padEnd(36)} ${s.vmRssMb.toFixed(1).padStart(7)} ${s.heapUsedMb.toFixed(1).padStart(7)} ${s.arrayBuffersMb.toFixed(1).padStart(7)}`,
        );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
}
process.exit(0);
