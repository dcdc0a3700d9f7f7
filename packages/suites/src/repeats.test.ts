import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { coefficientOfVariation, median, medianRepeatIndex, runBenchmark } from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadSuite, manifestPath } from "./load.ts";
import { suiteScenario } from "./schema.ts";

/**
 * The engine's repeat rule on a real run: standard-v1's smallest model (unet2d-small) through ONNX
 * Runtime on one generated phantom case, with the suite's repeat rule and short repeats.
 */
let tmp: string;
let docs: { suiteRule: ResultDocument; strict: ResultDocument };
const short = { minDurationMs: 300, minQueries: 100, maxDurationMs: 20_000 };

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-repeats-"));
  await writePhantomDataset(tmp, { split: "test", cases: 1 });
  const loaded = await loadSuite("standard-v1");
  const entry = loaded.suite.models.find((m) => m.id === "unet2d-small")!;
  const scenario = { ...suiteScenario(loaded.suite), singleStream: short, maxCases: 1 };
  const run = (repeats: typeof scenario.repeats) =>
    runBenchmark({
      manifestPath: manifestPath(loaded, entry.manifest),
      datasetDir: tmp,
      backend: "node",
      threads: 1,
      agentVersion: "test",
      scenario: { ...scenario, repeats },
    }).then((d) => resultDocumentSchema.parse(d));
  docs = {
    suiteRule: await run(scenario.repeats),
    // A CoV threshold no real series meets: every repeat is run and the run is UNSTABLE.
    strict: await run({ minRepeats: 2, maxRepeats: 3, maxCov: 1e-9 }),
  };
  // Minutes on a loaded machine: two runs (up to 6 and 3 repeats), each in its own child process.
}, 300_000);
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("a real unet2d-small run under the repeat rule", () => {
  it("reports a series consistent with the suite's rule", async () => {
    const doc = docs.suiteRule;
    const rule = (await loadSuite("standard-v1")).suite.scenarios.repeats!;
    expect(doc.status).toBe("succeeded");
    expect(doc.scenario.repeats).toEqual(rule);
    const r = doc.timing!.repeats!;
    const n = r.p50Ms.length;
    expect(n).toBeGreaterThanOrEqual(rule.minRepeats);
    expect(n).toBeLessThanOrEqual(rule.maxRepeats);
    expect(r.p90Ms).toHaveLength(n);
    expect(r.cov).toBe(coefficientOfVariation(r.p50Ms));
    expect(r.medianP50Ms).toBe(median(r.p50Ms));
    expect(r.medianP90Ms).toBe(median(r.p90Ms));
    expect(r.stability).toBe(r.cov <= rule.maxCov ? "STABLE" : "UNSTABLE");
    // The rule stops before maxRepeats only once the spread is within maxCov, and not before that
    // with one repeat fewer (PTS's dynamic run count stops at the first repeat that gets there).
    if (n < rule.maxRepeats) expect(r.cov).toBeLessThanOrEqual(rule.maxCov);
    if (n > rule.minRepeats)
      expect(coefficientOfVariation(r.p50Ms.slice(0, -1))).toBeGreaterThan(rule.maxCov);
    // The document's SingleStream is the repeat at the median p50.
    expect(doc.timing!.singleStream.p50).toBe(r.p50Ms[medianRepeatIndex(r.p50Ms)]);
    expect(doc.timing!.singleStream.count).toBeGreaterThanOrEqual(short.minQueries);
  });

  it("flags a run whose spread stays above maxCov UNSTABLE with the numbers, without making it INVALID", () => {
    const doc = docs.strict;
    const r = doc.timing!.repeats!;
    expect(r.p50Ms).toHaveLength(3);
    expect(r.stability).toBe("UNSTABLE");
    expect(r.reason).toBe(`p50 CoV ${(r.cov * 100).toFixed(1)} % over 3 repeats exceeds 0.0 %`);
    expect(doc.validity.verdict).toBe(doc.timing!.singleStream.verdict);
    expect(doc.validity.reasons.join(" ")).not.toMatch(/CoV/);
  });
});
