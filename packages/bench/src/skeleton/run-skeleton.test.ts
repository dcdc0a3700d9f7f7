import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { filledPath, stripModel } from "@edgeseg/engine-core";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBenchmark } from "../run/run-benchmark.ts";

const fixtures = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));
const dir = mkdtempSync(path.join(tmpdir(), "edgeseg-skeleton-run-"));
const cache = path.join(dir, "cache");
let skeletonSha = "";
let doc: ResultDocument;

beforeAll(async () => {
  // threshold-seg's manifest, its graph replaced by the graph's skeleton.
  const source = fixtures("models/threshold-seg");
  const skeleton = (await stripModel(path.join(source, "model.onnx"))).skeleton;
  writeFileSync(path.join(dir, "model.skel.onnx"), skeleton);
  skeletonSha = createHash("sha256").update(skeleton).digest("hex");
  const manifest = JSON.parse(readFileSync(path.join(source, "manifest.json"), "utf8"));
  manifest.graphs.model = { ...manifest.graphs.model, file: "model.skel.onnx", sha256: skeletonSha };
  writeFileSync(path.join(dir, "manifest.json"), JSON.stringify(manifest));
  doc = resultDocumentSchema.parse(
    await runBenchmark({
      manifestPath: path.join(dir, "manifest.json"),
      datasetDir: fixtures("datasets/msd"),
      agentVersion: "test",
      skeletonCacheDir: cache,
      scenario: {
        singleStream: { minDurationMs: 300, minQueries: 50, maxDurationMs: 10_000 },
        offline: { batchSize: 4, minQueries: 8 },
        repeats: { minRepeats: 1, maxRepeats: 1, maxCov: 0.5 },
      },
    }),
  );
}, 120_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a benchmark of a skeleton", () => {
  it("fills the skeleton once into the cache, keyed by its sha256, and runs the filled model", () => {
    expect(existsSync(filledPath(cache, skeletonSha))).toBe(true);
    expect(doc.status).toBe("succeeded");
    expect(doc.model.files).toEqual([{ role: "model", sha256: skeletonSha }]);
  });

  it("says its weights are synthetic and measures no accuracy (null, not 0), only timing and memory", () => {
    expect(doc.model.weights).toBe("synthetic");
    expect(doc.accuracy).toBeNull();
    expect(doc.timing!.perCase.count).toBe(2);
    expect(doc.timing!.perCase.p50Ms).toBeGreaterThan(0);
    expect(doc.timing!.singleStream.count).toBeGreaterThanOrEqual(50);
    expect(doc.timing!.sessionCreateMs).toBeGreaterThan(0);
    expect(doc.resources!.peakRssMb).toBeGreaterThan(0);
  });
});
