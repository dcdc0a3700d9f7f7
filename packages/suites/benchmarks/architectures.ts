/**
 * architectures-v1 on this machine (issue 14): every architecture's skeleton, filled once, measured in a
 * fresh process per runtime setting — 1 and 2 threads with ONNX Runtime's memory arena and pattern on,
 * and with both off (benchmarks/architectures/measure.mjs). Reports model load (session creation of
 * every graph), the first run and the p50 of one query — a slice (semantic-2d), a patch
 * (semantic-3d-patch), the encoder on a slice and the decoder on one box (promptable-2d) — and peak RSS
 * (VmHWM), plus the skeleton's size against the full model's.
 *
 * Per case: the suite's phantom case needs a known number of queries — the slices (2D), the sliding
 * window's tiles after resampling to the model's spacing (3D, nnU-Net's compute_steps_for_sliding_window
 * as the engine runs it), the slices with an organ and one box per organ and slice (promptable). The
 * per-case figure printed is that count times the measured p50: an **estimate** of inference time that
 * leaves out pre- and post-processing (1–4 % of a case in `bench:3d` and `bench:overhead:case`). The
 * engine's own end-to-end per-case pass runs in `edgeseg-agent bench --suite architectures-v1`;
 * on a 2-core machine shared with other work it takes hours for the large models, hence this split.
 *
 * Every measurement process is killed after --cap seconds (reported as capped); --deadline stops starting
 * new measurements after that many minutes. The load average before and after each is recorded.
 *
 *   npm run bench:architectures -- [--models a,b] [--settings 2:on,1:on,2:off,1:off] [--queries 3]
 *     [--budget 60] [--cap 900] [--deadline 80] [--json out.json]
 */
import { spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { fillSkeleton, loadManifest, type ModelManifest, readNifti } from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import { z } from "zod";
import { computeSteps, resampledShape } from "../../bench/src/pipeline/patch3d/steps.ts";
import { bundledSuitePath, loadSuite, manifestPath } from "../src/index.ts";

const setting = z
  .string()
  .regex(/^\d+:(on|off)$/, "a setting is <threads>:<on|off> (arena and memory pattern together)")
  .transform((s) => ({ threads: Number(s.split(":")[0]), arena: s.endsWith(":on") }));
const args = z
  .object({
    models: z.string().optional(),
    settings: z.string().transform((s) => s.split(",").map((x) => setting.parse(x))),
    queries: z.coerce.number().int().positive(),
    budget: z.coerce.number().positive(),
    cap: z.coerce.number().positive(),
    deadline: z.coerce.number().positive(),
    json: z.string().optional(),
  })
  .parse(
    parseArgs({
      options: {
        models: { type: "string" },
        settings: { type: "string", default: "2:on,1:on,2:off,1:off" },
        queries: { type: "string", default: "3" },
        budget: { type: "string", default: "60" },
        cap: { type: "string", default: "900" },
        deadline: { type: "string", default: "80" },
        json: { type: "string" },
      },
    }).values,
  );

interface Timed {
  firstMs: number;
  p50Ms: number;
  count: number;
}
interface Measured {
  loadMs: number;
  encoder?: Timed;
  decoder?: Timed;
  model?: Timed;
  peakRssMb: number | null;
}
interface Row {
  model: string;
  threads: number;
  arena: boolean;
  measured: Measured | null;
  failure: string | null;
  /** Queries the suite's case needs: slices / tiles, or slices encoded and boxes decoded. */
  perCase: { queries: number; boxes?: number };
  perCaseEstimateMs: number | null;
  wallS: number;
  loadAvgBefore: number;
  loadAvgAfter: number;
}

const measureScript = fileURLToPath(new URL("./architectures/measure.mjs", import.meta.url));
function measure(spec: object): Promise<{ out: Measured | null; failure: string | null }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [measureScript, JSON.stringify(spec)], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), args.cap * 1000);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve({ out: JSON.parse(stdout.trim().split("\n").pop()!), failure: null });
      else
        resolve({
          out: null,
          failure:
            signal === "SIGKILL"
              ? `capped at ${args.cap} s`
              : `exit ${code}: ${stderr.trim().split("\n").pop()}`,
        });
    });
  });
}

/** How many queries the case costs this model, as the engine's pipelines would run it. */
function queriesPerCase(
  manifest: ModelManifest,
  dims: readonly number[],
  spacing: readonly number[],
  labels: Uint8Array,
  organValues: number[],
): { queries: number; boxes?: number } {
  const [nx, ny, nz] = dims as [number, number, number];
  if (manifest.pipeline === "semantic-2d") return { queries: nz };
  if (manifest.pipeline === "semantic-3d-patch") {
    const w = manifest.slidingWindow;
    const zyx = resampledShape([nz, ny, nx], [spacing[2]!, spacing[1]!, spacing[0]!], w.spacing);
    const padded = zyx.map((s, d) => Math.max(s, w.patchSize[d]!));
    return { queries: computeSteps(padded, w.patchSize, w.stepSize).reduce((a, s) => a * s.length, 1) };
  }
  let slices = 0;
  let boxes = 0;
  const plane = nx * ny;
  for (let k = 0; k < nz; k++) {
    const present = new Set<number>();
    for (let i = k * plane; i < (k + 1) * plane; i++)
      if (organValues.includes(labels[i]!)) present.add(labels[i]!);
    if (present.size > 0) slices++;
    boxes += present.size;
  }
  return { queries: slices, boxes };
}

const loaded = await loadSuite("architectures-v1");
const suiteDir = dirname(bundledSuitePath("architectures-v1")!);
const sizes = JSON.parse(await readFile(join(suiteDir, "architectures.json"), "utf8")) as Record<
  string,
  { graphs: Record<string, { parameters: number; fullBytes: number; skeletonBytes: number }> }
>;
const wanted = args.models?.split(",") ?? loaded.suite.models.map((m) => m.id);
const tmp = await mkdtemp(join(tmpdir(), "edgeseg-bench-architectures-"));
const rows: Row[] = [];
const started = Date.now();
try {
  await writePhantomDataset(join(tmp, "dataset"), { split: "test", cases: loaded.suite.dataset.cases });
  const image = await readNifti(join(tmp, "dataset/imagesTs/phantom_100_0000.nii.gz"));
  const labels = (await readNifti(join(tmp, "dataset/labelsTs/phantom_100.nii.gz"))).data as Uint8Array;
  const models = new Map<string, { manifest: ModelManifest; graphs: Record<string, object> }>();
  for (const id of wanted) {
    const entry = loaded.suite.models.find((m) => m.id === id);
    if (!entry)
      throw new Error(`no model ${id} in architectures-v1 (${loaded.suite.models.map((m) => m.id)})`);
    const { manifest, dir } = await loadManifest(manifestPath(loaded, entry.manifest));
    const graphs: Record<string, object> = {};
    for (const [role, g] of Object.entries(manifest.graphs)) {
      const path = join(tmp, `${id}.${role}.onnx`);
      await fillSkeleton(join(dir, g.file), path);
      graphs[role] = { path, inputs: g.inputs };
    }
    models.set(id, { manifest, graphs });
  }
  // Setting by setting, so that a run stopped at the deadline has every architecture at the first settings.
  outer: for (const s of args.settings) {
    for (const id of wanted) {
      if (Date.now() - started > args.deadline * 60_000) break outer;
      const { manifest, graphs } = models.get(id)!;
      const organValues = Object.keys(manifest.labels).map(Number);
      const perCase = queriesPerCase(manifest, image.dims, image.spacing, labels, organValues);
      const before = loadavg()[0]!;
      const t0 = Date.now();
      process.stderr.write(`${id} threads=${s.threads} arena+pattern=${s.arena ? "on" : "off"} … `);
      const { out, failure } = await measure({
        pipeline: manifest.pipeline,
        graphs,
        threads: s.threads,
        arena: s.arena,
        queries: args.queries,
        budgetMs: args.budget * 1000,
      });
      const estimate =
        out === null
          ? null
          : out.model
            ? perCase.queries * out.model.p50Ms
            : perCase.queries * out.encoder!.p50Ms + (perCase.boxes ?? 0) * out.decoder!.p50Ms;
      rows.push({
        model: id,
        threads: s.threads,
        arena: s.arena,
        measured: out,
        failure,
        perCase,
        perCaseEstimateMs: estimate,
        wallS: (Date.now() - t0) / 1000,
        loadAvgBefore: before,
        loadAvgAfter: loadavg()[0]!,
      });
      process.stderr.write(`${failure ?? "ok"}, ${((Date.now() - t0) / 1000).toFixed(0)} s\n`);
      if (args.json) await writeFile(args.json, `${JSON.stringify({ rows, sizes }, null, 2)}\n`);
    }
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const f = (x: number | null | undefined, digits = 0) => (x == null ? "—" : x.toFixed(digits));
console.log(
  "| model | threads | arena+pattern | load ms | first run ms | p50 per query ms | decoder ms per box | queries per case | per case s (estimate) | peak RSS MB | load avg before → after |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  const m = r.measured;
  const q = m?.model ?? m?.encoder;
  const perCase =
    r.perCase.boxes === undefined
      ? `${r.perCase.queries}`
      : `${r.perCase.queries} + ${r.perCase.boxes} boxes`;
  console.log(
    `| ${r.model} | ${r.threads} | ${r.arena ? "on" : "off"} | ${f(m?.loadMs)} | ${f(q?.firstMs)} | ${f(q?.p50Ms, 1)} (n=${q?.count ?? 0}) | ${f(m?.decoder?.p50Ms, 1)} | ${perCase} | ${r.failure ?? f(r.perCaseEstimateMs && r.perCaseEstimateMs / 1000, 1)} | ${f(m?.peakRssMb)} | ${r.loadAvgBefore.toFixed(1)} → ${r.loadAvgAfter.toFixed(1)} |`,
  );
}
console.log("\n| model | parameters | full ONNX MB | skeleton MB | full / skeleton |");
console.log("|---|---|---|---|---|");
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 1);
for (const id of wanted) {
  const graphs = Object.values(sizes[id]!.graphs);
  const sum = (k: "parameters" | "fullBytes" | "skeletonBytes") => graphs.reduce((s, g) => s + g[k], 0);
  console.log(
    `| ${id} | ${(sum("parameters") / 1e6).toFixed(2)} M | ${mb(sum("fullBytes"))} | ${mb(sum("skeletonBytes"))} | ${(sum("fullBytes") / sum("skeletonBytes")).toFixed(0)}× |`,
  );
}
