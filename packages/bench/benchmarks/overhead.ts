/**
 * Harness overhead: the same model and input timed by (a) a bare loop over ONNX Runtime's own
 * `session.run` and (b) edgeseg's path (Session.prepare → runSingleStream), in many short interleaved
 * rounds (a/b order alternating) so machine noise falls on both alike. Both sides drive the very same
 * ONNX Runtime session — (b) wraps it with the runtime's own `wrapSession` — so the two differ in the
 * harness only, not in thread pools or memory placement. Reports each side's median of per-round p50,
 * the ratio b/a of those medians and the median of the paired per-round ratios; the target is ≤ 1.02.
 *
 *   npm run bench:overhead -- [--backend node|wasm] [--threads 1] [--rounds 41] [--model manifest.json] [--json]
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { loadManifest, type RuntimeOptions, type SupportedManifest } from "@edgeseg/engine-core";
import {
  configureWasmEnv,
  type OrtSessionLike,
  type OrtTensorConstructor,
  sessionOptions,
  wrapSession,
} from "@edgeseg/engine-core/runtime-parts";
import { z } from "zod";
import { elapsedMs, now, percentile, runSingleStream } from "../src/timing/index.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const argsSchema = z.object({
  backend: z.enum(["node", "wasm"]).default("node"),
  threads: z.coerce.number().int().nonnegative().default(1),
  rounds: z.coerce.number().int().positive().default(41),
  roundMs: z.coerce.number().positive().default(100),
  model: z.string().optional(),
  json: z.boolean().default(false),
});

/** The biggest semantic-2d reference model of the standard suite if it is there, else the fixture. */
function defaultManifest(): string {
  const suite = path.join(root, "packages/suites/standard-v1/models");
  let best: { file: string; size: number } | null = null;
  try {
    for (const dir of readdirSync(suite)) {
      const manifest = path.join(suite, dir, "manifest.json");
      const onnx = readdirSync(path.join(suite, dir)).filter((f) => f.endsWith(".onnx"));
      const size = onnx.reduce((s, f) => s + statSync(path.join(suite, dir, f)).size, 0);
      if (onnx.length && statSync(manifest, { throwIfNoEntry: false }) && size > (best?.size ?? 0)) {
        best = { file: manifest, size };
      }
    }
  } catch {
    // No suite models yet.
  }
  return best?.file ?? path.join(root, "packages/bench/fixtures/models/threshold-seg/manifest.json");
}

function graphOf(manifest: SupportedManifest) {
  return manifest.pipeline === "promptable-2d" ? manifest.graphs.encoder : manifest.graphs.model;
}

/** A deterministic ramp in [0, 1) with the graph's input shape (symbolic dimensions → 1). */
function inputFor(shape: readonly (number | string)[]) {
  const dims = shape.map((d) => (typeof d === "number" ? d : 1));
  const data = new Float32Array(dims.reduce((a, b) => a * b, 1));
  for (let i = 0; i < data.length; i++) data[i] = (i % 997) / 997;
  return { type: "float32" as const, data, dims };
}

async function bareSession(backend: "node" | "wasm", file: string, options: RuntimeOptions) {
  const ort = backend === "node" ? await import("onnxruntime-node") : await import("onnxruntime-web");
  if (backend === "wasm") configureWasmEnv((ort.env as { wasm: object }).wasm, options.intraOpThreads);
  const session = (await ort.InferenceSession.create(
    file,
    sessionOptions(options, ["cpu"]),
  )) as unknown as OrtSessionLike<unknown>;
  return { session, Tensor: ort.Tensor as unknown as OrtTensorConstructor<unknown> };
}

function median(xs: readonly number[]): number {
  return percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );
}

async function main() {
  const { values } = parseArgs({
    options: {
      backend: { type: "string" },
      threads: { type: "string" },
      rounds: { type: "string" },
      roundMs: { type: "string" },
      model: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const args = argsSchema.parse(values);
  const manifestPath = args.model ?? defaultManifest();
  const { manifest, dir } = await loadManifest(manifestPath);
  const graph = graphOf(manifest);
  const file = path.join(dir, graph.file);
  const options: RuntimeOptions = {
    intraOpThreads: args.threads,
    graphOptimizationLevel: "all",
    executionProviders: ["cpu"],
    memoryArena: true,
    memoryPattern: true,
  };
  const feeds = Object.fromEntries(graph.inputs.map((t) => [t.name, inputFor(t.shape)]));

  const bare = await bareSession(args.backend, file, options);
  const bareFeeds = Object.fromEntries(
    Object.entries(feeds).map(([k, t]) => [k, new bare.Tensor(t.type, t.data, t.dims)]),
  );
  const ours = wrapSession(
    { session: bare.session, executionProvider: "cpu", fallbackReasons: [] },
    bare.Tensor,
  );
  const query = ours.prepare(feeds);

  // Warm the session up through both paths and size each round to about roundMs.
  for (let i = 0; i < 20; i++) {
    await bare.session.run(bareFeeds);
    await query();
  }
  const t = now();
  let calibration = 0;
  while (elapsedMs(t) < 200 || calibration < 5) {
    await bare.session.run(bareFeeds);
    calibration++;
  }
  const perQuery = elapsedMs(t) / calibration;
  const n = Math.max(20, Math.round(args.roundMs / perQuery));

  const runA = async () => {
    const samples: number[] = [];
    for (let i = 0; i < n; i++) {
      const t0 = now();
      await bare.session.run(bareFeeds);
      samples.push(Number(now() - t0) / 1e6);
    }
    return percentile(
      samples.sort((x, y) => x - y),
      0.5,
    );
  };
  const runB = async () =>
    (await runSingleStream(query, { minQueries: n, minDurationMs: 0, maxDurationMs: 1e9, warmupQueries: 0 }))
      .p50;

  const a: number[] = [];
  const b: number[] = [];
  for (let r = 0; r < args.rounds; r++) {
    if (r % 2 === 0) {
      a.push(await runA());
      b.push(await runB());
    } else {
      b.push(await runB());
      a.push(await runA());
    }
  }
  const ratios = a.map((x, i) => b[i]! / x);
  const report = {
    model: path.relative(root, file),
    backend: args.backend,
    threads: args.threads,
    rounds: args.rounds,
    queriesPerRound: n,
    bareP50Ms: median(a),
    singleStreamP50Ms: median(b),
    ratio: median(b) / median(a),
    medianRoundRatio: median(ratios),
    target: 1.02,
  };
  if (args.json) {
    console.log(JSON.stringify(report));
  } else {
    console.log(`model ${report.model} on ${report.backend}, ${report.threads} thread(s)`);
    console.log(`${report.rounds} interleaved rounds × ${n} queries per side`);
    console.log(`(a) bare session.run loop  median p50 ${report.bareP50Ms.toFixed(4)} ms`);
    console.log(`(b) runSingleStream path   median p50 ${report.singleStreamP50Ms.toFixed(4)} ms`);
    console.log(
      `ratio b/a ${report.ratio.toFixed(4)} (median per-round ratio ${report.medianRoundRatio.toFixed(4)}), target ≤ 1.02`,
    );
  }
  // onnxruntime-web's WASM worker threads would otherwise keep the process alive.
  process.exit(0);
}

await main();
