/**
 * architectures-v1 on this machine (issue 14): every architecture's skeleton, filled once into a cache,
 * through the engine's real benchmark (a child process per run, ONNX Runtime node backend) at each
 * runtime setting — 1 and 2 threads with ONNX Runtime's memory arena and pattern on, and with both off.
 * Reports model-load time (session creation), p50 of one query (a slice for semantic-2d, a patch for
 * semantic-3d-patch, encoder + one box for promptable-2d, whose encoder time per slice and decoder time
 * per box are reported too), the per-case end-to-end time, peak RSS, and the skeleton's size against the
 * full model's. Each run is capped (--cap seconds, the child is killed): a capped run is reported as such.
 * The load average before and after each run is recorded — this machine is shared.
 *
 *   npm run bench:architectures -- [--models litemedsam,...] [--settings 2:on,1:on,2:off,1:off] [--cap 900] [--json out.json]
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { loadManifest, runBenchmark } from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import type { ResultDocument } from "@edgeseg/protocol";
import { z } from "zod";
import { bundledSuitePath, loadSuite, manifestPath, suiteScenario, verifySuiteAssets } from "../src/index.ts";

const setting = z
  .string()
  .regex(/^\d+:(on|off)$/, "a setting is <threads>:<on|off> (arena and memory pattern together)")
  .transform((s) => {
    const [threads, arena] = s.split(":");
    return { threads: Number(threads), arena: arena === "on" };
  });
const { values } = parseArgs({
  options: {
    models: { type: "string" },
    settings: { type: "string", default: "2:on,1:on,2:off,1:off" },
    cap: { type: "string", default: "900" },
    json: { type: "string" },
  },
});
const args = z
  .object({
    models: z.string().optional(),
    settings: z.string().transform((s, ctx) => {
      const parsed = s.split(",").map((x) => setting.safeParse(x));
      const bad = parsed.find((p) => !p.success);
      if (bad && !bad.success) ctx.addIssue({ code: "custom", message: bad.error.issues[0]!.message });
      return parsed.flatMap((p) => (p.success ? [p.data] : []));
    }),
    cap: z.coerce.number().positive(),
    json: z.string().optional(),
  })
  .parse(values);

interface Row {
  model: string;
  pipeline: string;
  threads: number;
  arena: boolean;
  status: string;
  loadMs: number | null;
  p50Ms: number | null;
  encoderMsPerSlice: number | null;
  decoderMsPerBox: number | null;
  perCaseMs: number | null;
  peakRssMb: number | null;
  wallS: number;
  loadAvgBefore: number;
  loadAvgAfter: number;
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
try {
  const datasetDir = join(tmp, "dataset");
  await writePhantomDataset(datasetDir, { split: "test", cases: loaded.suite.dataset.cases });
  const { datasetSha256 } = await verifySuiteAssets(loaded, { datasetDir });
  const scenario = { ...suiteScenario(loaded.suite), maxCases: null };
  const manifests = new Map<string, { path: string; pipeline: string }>();
  for (const id of wanted) {
    const entry = loaded.suite.models.find((m) => m.id === id);
    if (!entry) throw new Error(`no model ${id} in architectures-v1`);
    const path = manifestPath(loaded, entry.manifest);
    manifests.set(id, { path, pipeline: (await loadManifest(path)).manifest.pipeline });
  }
  // Setting by setting, so that a run stopped early still has every architecture at the first settings.
  for (const s of args.settings) {
    for (const id of wanted) {
      const { path, pipeline } = manifests.get(id)!;
      const before = loadavg()[0]!;
      const started = Date.now();
      process.stderr.write(`${id} threads=${s.threads} arena+pattern=${s.arena ? "on" : "off"} … `);
      const doc: ResultDocument = await runBenchmark({
        manifestPath: path,
        datasetDir,
        datasetSha256,
        backend: "node",
        threads: s.threads,
        memoryArena: s.arena,
        memoryPattern: s.arena,
        scenario,
        timeoutMs: args.cap * 1000,
        skeletonCacheDir: join(tmp, "skeletons"),
        suite: { id: loaded.suite.id, version: loaded.suite.version, sha256: loaded.sha256 },
        agentVersion: "bench-architectures",
      });
      const t = doc.timing;
      const row: Row = {
        model: id,
        pipeline,
        threads: s.threads,
        arena: s.arena,
        status: doc.status === "succeeded" ? doc.validity.verdict : `failed (${doc.failure?.reason})`,
        loadMs: t?.sessionCreateMs ?? null,
        p50Ms: t?.singleStream.p50 ?? null,
        encoderMsPerSlice: t?.promptable?.encoderMsPerSlice ?? null,
        decoderMsPerBox: t?.promptable?.decoderMsPerBox ?? null,
        perCaseMs: t?.perCase.p50Ms ?? null,
        peakRssMb: doc.resources?.peakRssMb ?? null,
        wallS: (Date.now() - started) / 1000,
        loadAvgBefore: before,
        loadAvgAfter: loadavg()[0]!,
      };
      rows.push(row);
      process.stderr.write(`${row.status}, ${row.wallS.toFixed(0)} s\n`);
      if (args.json) await writeFile(args.json, `${JSON.stringify({ rows, sizes }, null, 2)}\n`);
    }
  }
} finally {
  await rm(tmp, { recursive: true, force: true });
}

const f = (x: number | null, digits = 0) => (x === null ? "—" : x.toFixed(digits));
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(bytes < 2 ** 20 ? 2 : 1);
console.log(
  "| model | threads | arena+pattern | load ms | p50 per query ms | encoder ms/slice | decoder ms/box | per case s | peak RSS MB | status | load avg before → after |",
);
console.log("|---|---|---|---|---|---|---|---|---|---|---|");
for (const r of rows) {
  console.log(
    `| ${r.model} | ${r.threads} | ${r.arena ? "on" : "off"} | ${f(r.loadMs)} | ${f(r.p50Ms, 1)} | ${f(r.encoderMsPerSlice, 1)} | ${f(r.decoderMsPerBox, 1)} | ${f(r.perCaseMs && r.perCaseMs / 1000, 1)} | ${f(r.peakRssMb)} | ${r.status} | ${r.loadAvgBefore.toFixed(1)} → ${r.loadAvgAfter.toFixed(1)} |`,
  );
}
console.log("\n| model | parameters | full ONNX MB | skeleton MB | full / skeleton |");
console.log("|---|---|---|---|---|");
for (const id of wanted) {
  const graphs = Object.values(sizes[id]!.graphs);
  const sum = (k: "parameters" | "fullBytes" | "skeletonBytes") => graphs.reduce((s, g) => s + g[k], 0);
  console.log(
    `| ${id} | ${(sum("parameters") / 1e6).toFixed(2)} M | ${mb(sum("fullBytes"))} | ${mb(sum("skeletonBytes"))} | ${(sum("fullBytes") / sum("skeletonBytes")).toFixed(0)}× |`,
  );
}
if (args.json) {
  await writeFile(args.json, `${JSON.stringify({ rows, sizes }, null, 2)}\n`);
}
