// biome-ignore-all lint/suspicious/noExplicitAny: tests edit manifests as plain JSON
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../testing/cli.ts";
import { writeThresholdDataset } from "../../testing/tiny-dataset.ts";

const model = join(repoRoot, "packages/bench/fixtures/models/threshold-seg/manifest.json");
const fast = ["--min-duration", "0.2", "--min-queries", "100", "--max-duration", "10"];
let dir: string;
let expected: { liverDice: number; spleenDice: number };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-bench-"));
  expected = await writeThresholdDataset(join(dir, "data"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A copy of the fixture model in its own folder, its manifest edited by `edit`. */
async function editedModel(name: string, edit: (manifest: any, folder: string) => Promise<void> | void) {
  const folder = join(dir, name);
  await cp(join(repoRoot, "packages/bench/fixtures/models/threshold-seg"), folder, { recursive: true });
  const path = join(folder, "manifest.json");
  const manifest = JSON.parse(await readFile(path, "utf8"));
  await edit(manifest, folder);
  await writeFile(path, JSON.stringify(manifest));
  return path;
}

describe("edgeseg-agent bench --model", () => {
  it("measures a real ONNX model end to end with the accuracy the data implies", async () => {
    const out = join(dir, "result.json");
    const run = runCli(["bench", "--model", model, "--dataset", join(dir, "data"), "--json", out, ...fast]);
    // Without a TTY a loaded machine may print plain progress lines; nothing else may reach stderr.
    expect(run.stderr.replace(/^threshold-seg: .*\n/gm, "")).toBe("");
    expect(run.status).toBe(0);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(doc.status).toBe("succeeded");
    // Dataset liver = 6, spleen = 1; model liver = 1, spleen = 2: compared by organ name.
    expect(doc.accuracy?.organs.liver?.meanDice).toBeCloseTo(expected.liverDice, 6);
    expect(doc.accuracy?.organs.spleen?.meanDice).toBeCloseTo(expected.spleenDice, 6);
    expect(doc.accuracy?.organs.spleen?.meanDice).toBeLessThan(1);
    expect(doc.accuracy?.cases[0]?.organs.liver?.hd95).toBe(0);
    expect(doc.timing?.singleStream.count).toBeGreaterThanOrEqual(100);
    expect(doc.timing?.singleStream.verdict).toBe("VALID");
    expect(doc.timing?.firstInferenceMs).toBeGreaterThan(0);
    expect(doc.timing?.sessionCreateMs).toBeGreaterThan(0);
    expect(doc.timing?.offline?.imagesPerSecond).toBeGreaterThan(0);
    expect(doc.resources?.peakRssMb).toBeGreaterThan(30);
    expect(doc.runtime).toMatchObject({ backend: "node", executionProvider: "cpu" });
    // The thread count used, never 0, and how it was arrived at.
    expect(doc.runtime.intraOpThreads).toBeGreaterThan(0);
    expect(doc.runtime.intraOpThreadsSource).toMatch(/^(requested \d+|0 requested: ONNX Runtime's default)/);
    expect(doc.timing?.promptable).toBeUndefined();
    // Offline: 64 images by default, under the 30 s cap the --model default adds.
    expect(doc.scenario.offline).toEqual({ batchSize: 4, minQueries: 64, maxDurationMs: 30_000 });
    expect(doc.timing?.offline).toMatchObject({ capped: false, images: 64 });
    expect(doc.dataset).toMatchObject({ id: "TinyThreshold", cases: 1, spacingMm: "0.80×0.80×2.50" });
    expect(run.stdout).toContain("threshold-seg@1.0.0");
    // The --model default repeat rule: 3 to 6 repeats, each a full SingleStream measurement.
    expect(doc.scenario.repeats).toEqual({ minRepeats: 3, maxRepeats: 6, maxCov: 0.035 });
    const repeats = doc.timing!.repeats!;
    expect(repeats.p50Ms.length).toBeGreaterThanOrEqual(3);
    expect(repeats.p50Ms.length).toBeLessThanOrEqual(6);
    expect(run.stdout).toMatch(/threshold-seg@1\.0\.0[^\n]*%[^\n]*(STABLE|UNSTABLE)/);
    // Data locality: 64×64×4 voxels went in; only a few numbers per organ come out. Two lists are
    // longer than one and bounded by the schema, neither derived from voxels: the repeat series
    // (latency figures, at most 50) and the throttling signals (one per source checked).
    const { repeats: _series, ...timing } = doc.timing!;
    const { signals: _signals, ...throttling } = doc.resources!.throttling;
    const resources = { ...doc.resources!, throttling };
    const longestArray = (v: unknown): number =>
      Array.isArray(v)
        ? Math.max(v.length, ...v.map(longestArray))
        : v && typeof v === "object"
          ? Math.max(0, ...Object.values(v).map(longestArray))
          : 0;
    expect(longestArray({ ...doc, timing, resources })).toBeLessThanOrEqual(1);
    expect(JSON.stringify(doc).length).toBeLessThan(8000);
    expect(run.stdout).toMatch(/spleen\s+│ 0\.\d{3} \/ /);
  });

  it("repeats SingleStream as the repeat flags say and reports the series", async () => {
    const out = join(dir, "repeats.json");
    const flags = ["--repeats-min", "2", "--repeats-max", "2", "--max-cov", "50"];
    const run = runCli([
      "bench",
      "--model",
      model,
      "--dataset",
      join(dir, "data"),
      "--json",
      out,
      ...fast,
      ...flags,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(doc.scenario.repeats).toEqual({ minRepeats: 2, maxRepeats: 2, maxCov: 0.5 });
    const r = doc.timing!.repeats!;
    expect(r.p50Ms).toHaveLength(2);
    expect(r.medianP50Ms).toBeCloseTo((r.p50Ms[0]! + r.p50Ms[1]!) / 2, 9);
    // The document's SingleStream is the repeat at the median: for two, the lower p50.
    expect(doc.timing!.singleStream.p50).toBe(Math.min(...r.p50Ms));
    expect(run.stdout).toContain("p50 #2");
  });

  it("runs the same model on the WASM backend with the same accuracy", async () => {
    const out = join(dir, "wasm.json");
    const run = runCli([
      "bench",
      "--model",
      model,
      "--dataset",
      join(dir, "data"),
      "--backend",
      "wasm",
      "--threads",
      "1",
      "--json",
      out,
      ...fast,
    ]);
    expect(run.status).toBe(0);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(doc.runtime).toMatchObject({ backend: "wasm", intraOpThreads: 1 });
    expect(doc.accuracy?.organs.spleen?.meanDice).toBeCloseTo(expected.spleenDice, 6);
  });

  it("turns an out-of-memory child into a failed result and keeps the agent alive", async () => {
    const out = join(dir, "oom.json");
    const run = runCli([
      "bench",
      "--model",
      model,
      "--dataset",
      join(dir, "data"),
      "--memory-limit",
      "40",
      "--json",
      out,
      ...fast,
    ]);
    expect(run.status).toBe(7);
    expect(run.stderr).toMatch(/threshold-seg failed \(out-of-memory\)/);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(doc).toMatchObject({ status: "failed", accuracy: null, validity: { verdict: "INVALID" } });
    expect(doc.failure?.reason).toBe("out-of-memory");
  });
});

describe("edgeseg-agent bench --model <promptable manifest>", () => {
  it("reports encoder and decoder time with slices encoded and boxes decoded; min-max intensity runs", async () => {
    const folder = join(dir, "box-prompt");
    await cp(join(repoRoot, "packages/bench/fixtures/models/box-prompt"), folder, { recursive: true });
    const path = join(folder, "manifest.json");
    const manifest = JSON.parse(await readFile(path, "utf8"));
    manifest.preprocessing.intensity = { kind: "min-max", window: { level: 40, width: 400 } };
    await writeFile(path, JSON.stringify(manifest));
    const out = join(dir, "promptable.json");
    const run = runCli([
      "bench",
      "--model",
      path,
      "--dataset",
      join(dir, "data"),
      "--json",
      out,
      "--threads",
      "1",
      "--offline-images",
      "2",
      "--offline-max-ms",
      "0",
      ...fast,
    ]);
    expect(run.status, run.stderr).toBe(0);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    const p = doc.timing!.promptable!;
    // Two organs in every slice of the 4-slice case that holds one: each encoded slice gets its boxes.
    expect(p.slicesEncoded).toBeGreaterThan(0);
    expect(p.slicesEncoded).toBeLessThanOrEqual(doc.accuracy!.cases[0]!.slices);
    expect(p.boxesDecoded).toBeGreaterThanOrEqual(p.slicesEncoded);
    expect(p.encoderMsPerSlice).toBeCloseTo(p.encoderMs / p.slicesEncoded, 9);
    expect(p.decoderMsPerBox).toBeCloseTo(p.decoderMs / p.boxesDecoded, 9);
    // The accuracy pass's inference is exactly the two graphs' time.
    expect(doc.accuracy!.cases[0]!.timing.inferMs).toBeCloseTo(p.encoderMs + p.decoderMs, 6);
    expect(doc.runtime).toMatchObject({ intraOpThreads: 1, intraOpThreadsSource: "requested 1" });
    expect(doc.scenario.offline).toEqual({ batchSize: 4, minQueries: 2, maxDurationMs: 0 });
    expect(doc.timing!.offline).toMatchObject({ batchSize: 1, images: 1, capped: true });
    expect(run.stdout).toMatch(/slices encoded/);
    expect(run.stdout).toMatch(/box-prompt on .*: memory (PASS|FAIL|UNKNOWN) — /);
    expect(run.stdout).toMatch(/box-prompt on .*: time per case PASS — /);
  });

  it("exits 10 with the result kept when the run is INVALID by construction", async () => {
    const out = join(dir, "invalid.json");
    // 100 queries at ≥ 0.1 ms each cannot be done in a 1 ms cap.
    const run = runCli([
      "bench",
      "--model",
      model,
      "--dataset",
      join(dir, "data"),
      "--json",
      out,
      "--min-duration",
      "0.001",
      "--max-duration",
      "0.001",
      "--repeats-min",
      "1",
      "--repeats-max",
      "1",
    ]);
    expect(run.status).toBe(10);
    expect(run.stderr).toMatch(/threshold-seg is INVALID .*; the result is kept in .*invalid\.json/);
    expect(run.stdout).toMatch(/INVALID by construction .*: pass --max-duration \d+/);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(doc).toMatchObject({ status: "succeeded", validity: { verdict: "INVALID" } });
  });
});

describe("edgeseg-agent bench refuses bad input with one actionable line", () => {
  it("a missing dataset", () => {
    const run = runCli(["bench", "--model", model, "--dataset", join(dir, "nowhere")]);
    expect(run.status).toBe(3);
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
    expect(run.stderr).toContain("nowhere");
  });

  it("a manifest whose graph does not match", async () => {
    const bad = await editedModel("renamed-input", (m) => {
      m.graphs.model.inputs[0].name = "pixels";
    });
    const run = runCli(["bench", "--model", bad, "--dataset", join(dir, "data"), ...fast]);
    expect(run.status).toBe(3);
    expect(run.stderr).toMatch(/does not match its manifest.*pixels/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it("an ONNX file that fails to load", async () => {
    const bad = await editedModel("broken", async (m, folder) => {
      await cp(join(repoRoot, "packages/bench/fixtures/models/broken.onnx"), join(folder, "broken.onnx"));
      m.graphs.model.file = "broken.onnx";
      m.graphs.model.sha256 = createHash("sha256")
        .update(await readFile(join(folder, "broken.onnx")))
        .digest("hex");
    });
    const run = runCli(["bench", "--model", bad, "--dataset", join(dir, "data"), ...fast]);
    expect(run.status).toBe(3);
    expect(run.stderr).toContain("broken.onnx");
    expect(run.stderr.trim().split("\n")).toHaveLength(1);
  });

  it("a model file that does not match its sha256", async () => {
    const bad = await editedModel("wrong-hash", (m) => {
      m.graphs.model.sha256 = "0".repeat(64);
    });
    const run = runCli(["bench", "--model", bad, "--dataset", join(dir, "data"), ...fast]);
    expect(run.status).toBe(5);
    expect(run.stderr).toContain("sha256");
  });

  it("a repeat rule whose minimum exceeds its maximum, or a CoV that is not a percentage", () => {
    const data = ["--model", model, "--dataset", join(dir, "data")];
    const both = runCli(["bench", ...data, "--repeats-min", "7", "--repeats-max", "3"]);
    expect(both.status).toBe(2);
    expect(both.stderr).toMatch(/--repeats-min: must not exceed --repeats-max/);
    const min = runCli(["bench", ...data, "--repeats-min", "7"]);
    expect(min.status).toBe(2);
    expect(min.stderr).toMatch(/--repeats-min 7 exceeds the maximum of 6 repeats/);
    expect(min.stderr.trim().split("\n")).toHaveLength(1);
    const cov = runCli(["bench", ...data, "--max-cov", "0"]);
    expect(cov.status).toBe(2);
    expect(cov.stderr).toContain("--max-cov must be more than 0 %");
  });

  it("a bad flag value", () => {
    const run = runCli(["bench", "--model", model, "--dataset", join(dir, "data"), "--threads", "many"]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--threads");
  });
});
