/**
 * Per-case overhead: for whole volumes, the end-to-end per-case time the agent reports (read the NIfTI,
 * preprocess, infer, postprocess — the MedSAM-on-Laptop challenge's per-case time) against pure
 * inference (a bare loop over session.run on the same prepared slices, same batch size), and the same
 * case with the whole file read before the pipeline starts (how cases were run before slices were
 * streamed into the model). Rounds are interleaved so machine noise falls on all alike; reports
 * medians and the ratios (target ≤ 1.10).
 *
 *   npm run bench:overhead:case -- [--model manifest.json] [--rounds 5] [--cases 2] [--threads 1]
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  buildLabelMapping,
  createRuntime,
  createSemantic2d,
  evaluateCase,
  loadDataset,
  loadEngine,
  loadManifest,
  percentile,
  readNifti,
  sliceToFloat32,
  verifyGraphFiles,
} from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import { loadSuite, manifestPath } from "@edgeseg/suites";

const { values } = parseArgs({
  options: {
    model: { type: "string" },
    rounds: { type: "string", default: "5" },
    cases: { type: "string", default: "2" },
    threads: { type: "string", default: "1" },
    json: { type: "boolean", default: false },
  },
});
const rounds = Number(values.rounds);
/** Slices per run of the engine's per-case pass (CASE_BATCH in packages/bench/src/run/engine-semantic.ts). */
const CASE_BATCH = 1;
const threads = Number(values.threads);

async function defaultModel(): Promise<string> {
  const loaded = await loadSuite("standard-v1");
  const semantic = loaded.suite.models.filter((m) => m.id.startsWith("unet"));
  return manifestPath(loaded, (semantic.at(-1) ?? loaded.suite.models[0]!).manifest);
}

const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    0.5,
  );

const dir = await mkdtemp(join(tmpdir(), "edgeseg-case-overhead-"));
try {
  await writePhantomDataset(dir, { split: "test", cases: Number(values.cases) });
  const dataset = await loadDataset(dir);
  const modelPath = values.model ?? (await defaultModel());
  const { manifest, dir: modelDir } = await loadManifest(modelPath);
  if (manifest.pipeline !== "semantic-2d")
    throw new Error("case overhead is measured on a semantic-2d model");
  const graphs = await verifyGraphFiles(manifest, modelDir);
  const runtime = await createRuntime("node");
  const options = {
    intraOpThreads: threads,
    graphOptimizationLevel: "all" as const,
    executionProviders: ["cpu"],
    memoryArena: true,
    memoryPattern: true,
  };
  const mapping = buildLabelMapping(
    dataset.labels,
    new Map(Object.entries(manifest.labels).map(([v, n]) => [Number(v), n])),
  );
  const engine = await loadEngine(runtime, manifest, graphs, options, mapping);
  const bare = await runtime.createSession(graphs[0]!.path, options);
  const pipeline = createSemantic2d(bare, manifest);

  /** Every slice of the case prepared beforehand, in the pipeline's batch size: inference alone remains. */
  async function pureInferenceMs(imagePath: string): Promise<number> {
    const image = await readNifti(imagePath);
    const [nx, ny, nz] = image.dims;
    const queries = [];
    for (let k = 0; k < nz; k += CASE_BATCH) {
      const ks = Array.from({ length: Math.min(CASE_BATCH, nz - k) }, (_, n) => k + n);
      queries.push(
        bare.prepare(
          pipeline.prepare(
            ks.map((s) => sliceToFloat32(image, s)),
            nx,
            ny,
          ).feeds,
        ),
      );
    }
    const t0 = performance.now();
    for (const q of queries) await q();
    return performance.now() - t0;
  }

  type Row = { caseId: string; slices: number } & Record<
    "pure" | "e2e" | "whole" | "read" | "pre" | "post",
    number[]
  >;
  const rows: Row[] = dataset.cases.map((c) => ({
    caseId: c.id,
    slices: 0,
    pure: [],
    e2e: [],
    whole: [],
    read: [],
    pre: [],
    post: [],
  }));
  /**
   * The path before streaming, for comparison: the whole NIfTI read and inflated first, then the
   * pipeline (what evaluateCase timed until slices were streamed into the model).
   */
  async function wholeFileFirstMs(c: (typeof dataset.cases)[number]): Promise<number> {
    const t0 = performance.now();
    const image = await readNifti(c.imagePath);
    // A semantic-2d engine ignores the ground truth (only promptable models draw boxes from it).
    await engine.segment(image, new Uint8Array(0));
    return performance.now() - t0;
  }
  for (const c of dataset.cases) await evaluateCase(engine, c, mapping, 2); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [n, c] of dataset.cases.entries()) {
      const row = rows[n]!;
      const measureE2e = async () => {
        const { result } = await evaluateCase(engine, c, mapping, 2);
        row.slices = result.slices;
        row.e2e.push(result.timing.totalMs);
        row.read.push(result.timing.readMs);
        row.pre.push(result.timing.preprocessMs);
        row.post.push(result.timing.postprocessMs);
      };
      const measurePure = async () => row.pure.push(await pureInferenceMs(c.imagePath));
      const measureWhole = async () => row.whole.push(await wholeFileFirstMs(c));
      // The three arms in a rotating order, so drift and noise fall on each alike.
      const arms = [measurePure, measureE2e, measureWhole];
      for (let a = 0; a < arms.length; a++) await arms[(a + r) % arms.length]!();
    }
  }
  const report = rows.map((row) => ({
    caseId: row.caseId,
    slices: row.slices,
    pureInferenceMs: median(row.pure),
    endToEndMs: median(row.e2e),
    ratio: median(row.e2e) / median(row.pure),
    wholeFileFirstMs: median(row.whole),
    wholeFileFirstRatio: median(row.whole) / median(row.pure),
    readMs: median(row.read),
    preprocessMs: median(row.pre),
    postprocessMs: median(row.post),
  }));
  if (values.json) console.log(JSON.stringify({ model: manifest.id, threads, rounds, cases: report }));
  else {
    console.log(`model ${manifest.id}, ${threads} thread(s), ${rounds} interleaved rounds, medians`);
    for (const r of report) {
      console.log(
        `${r.caseId} (${r.slices} slices): pure inference ${r.pureInferenceMs.toFixed(1)} ms, end-to-end ${r.endToEndMs.toFixed(1)} ms, ratio ${r.ratio.toFixed(3)} (target ≤ 1.10); whole file read first ${r.wholeFileFirstMs.toFixed(1)} ms, ratio ${r.wholeFileFirstRatio.toFixed(3)}; read ${r.readMs.toFixed(1)} ms, preprocess ${r.preprocessMs.toFixed(1)} ms and postprocess ${r.postprocessMs.toFixed(1)} ms (between runs: onnxruntime-node's run holds the JavaScript thread)`,
      );
    }
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}
process.exit(0);
