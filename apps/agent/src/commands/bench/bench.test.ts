// biome-ignore-all lint/suspicious/noExplicitAny: tests edit manifests as plain JSON
import { createHash } from "node:crypto";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../test/cli.ts";
import { writeThresholdDataset } from "../../test/tiny-dataset.ts";

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
    expect(run.stderr).toBe("");
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
