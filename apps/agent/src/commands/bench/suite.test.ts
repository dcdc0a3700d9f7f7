import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../testing/cli.ts";

const suiteDir = join(repoRoot, "packages/suites/standard-v1");
/** Training-time DSC is computed in Python on the same cases; the engine must land this close to it. */
const BAND = 0.01;
let tmp: string;
let env: Record<string, string>;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-suite-"));
  env = { EDGESEG_CACHE_DIR: join(tmp, "cache") };
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

describe("edgeseg-agent bench --suite standard-v1", () => {
  it("generates the dataset, runs every reference model and reproduces the training-time accuracy", async () => {
    const out = join(tmp, "suite.json");
    const run = runCli(["bench", "--suite", "standard-v1", "--json", out], { env, timeoutMs: 280_000 });
    expect(run.status, run.stderr).toBe(0);
    const docs = JSON.parse(await readFile(out, "utf8")) as ResultDocument[];
    expect(docs.map((d) => d.model.id)).toEqual(["unet2d-small", "unet2d-base", "litemedsam-phantom"]);
    const suiteSha = JSON.parse(JSON.stringify(docs[0]!.suite)).sha256 as string;
    for (const doc of docs) {
      resultDocumentSchema.parse(doc);
      expect(doc.suite).toMatchObject({ id: "standard-v1", version: "1.2.0", sha256: suiteSha });
      // The suite's repeat rule travels into the document with the series it produced.
      expect(doc.scenario.repeats).toEqual({ minRepeats: 3, maxRepeats: 6, maxCov: 0.035 });
      const repeats = doc.timing!.repeats!;
      expect(repeats.p50Ms.length).toBeGreaterThanOrEqual(3);
      expect(repeats.p50Ms.length).toBeLessThanOrEqual(6);
      expect(repeats.stability).toBe(repeats.cov <= 0.035 ? "STABLE" : "UNSTABLE");
      expect(doc.dataset).toMatchObject({
        cases: 4,
        sha256: "ebc9b1e0c7edddc512afadeb131d8df72ac97143589bc151be601b271761bf22",
      });
      expect(doc.status).toBe("succeeded");
      const trained = JSON.parse(
        await readFile(join(suiteDir, "models", doc.model.id, "training-metrics.json"), "utf8"),
      ) as { perOrgan: Record<string, number> };
      for (const [organ, dice] of Object.entries(trained.perOrgan)) {
        expect(
          Math.abs(doc.accuracy!.organs[organ]!.meanDice - dice),
          `${doc.model.id} ${organ}`,
        ).toBeLessThan(BAND);
      }
      expect(doc.accuracy!.cases).toHaveLength(4);
    }
    // The low-contrast pancreas separates the models: neither family is trivially perfect.
    const pancreas = docs.map((d) => d.accuracy!.organs.pancreas!.meanDice);
    expect(Math.max(...pancreas)).toBeLessThan(0.9);
    expect(run.stdout).toMatch(/pancreas/);
    // The repeats table: one row per model with its CoV and verdict.
    expect(run.stdout).toMatch(/unet2d-small@[^\n]*(STABLE|UNSTABLE)/);
  }, 300_000);

  it("refuses a suite whose dataset hash does not match what the generator makes", async () => {
    const copy = join(tmp, "bad-dataset");
    await cp(suiteDir, copy, { recursive: true });
    const suite = JSON.parse(await readFile(join(copy, "suite.json"), "utf8"));
    suite.dataset.sha256 = "1".repeat(64);
    await writeFile(join(copy, "suite.json"), JSON.stringify(suite));
    const run = runCli(["bench", "--suite", join(copy, "suite.json")], { env });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/the suite pins 1{64}/);
    // One error line. Generating the dataset can pass the 15 s after which plain progress lines
    // appear on stderr without a TTY (a loaded machine): those are not part of the error.
    const lines = run.stderr.trim().split("\n");
    expect(lines.filter((l) => !l.startsWith("preparing dataset:"))).toHaveLength(1);
  });

  it("refuses a model file that does not match the suite", async () => {
    const copy = join(tmp, "bad-model");
    await cp(suiteDir, copy, { recursive: true });
    const onnx = join(copy, "models/unet2d-small/model.onnx");
    const bytes = await readFile(onnx);
    bytes.writeUInt8(bytes.readUInt8(bytes.length - 1) ^ 0xff, bytes.length - 1);
    await writeFile(onnx, bytes);
    const run = runCli(["bench", "--suite", join(copy, "suite.json")], { env });
    expect(run.status).toBe(5);
    expect(run.stderr).toMatch(/unet2d-small.*model\.onnx.*has sha256/);
  });
});
