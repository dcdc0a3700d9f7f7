import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../testing/cli.ts";

const model = join(repoRoot, "packages/suites/standard-v1/models/unet2d-small/model.onnx");
let tmp: string;
beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-skeleton-cli-"));
});
afterAll(() => rm(tmp, { recursive: true, force: true }));

const sha = async (file: string) =>
  createHash("sha256")
    .update(await readFile(file))
    .digest("hex");

describe("edgeseg-agent skeleton", () => {
  it("strips and fills: the filled model's hash is the pinned one, its weights are synthetic", async () => {
    const skel = join(tmp, "small.skel.onnx");
    const strip = runCli(["skeleton", "strip", model, "--out", skel, "--json"]);
    expect(strip.status, strip.stderr).toBe(0);
    const s = JSON.parse(strip.stdout);
    expect(s.sha256).toBe(await sha(skel));
    expect(s.source.sha256).toBe(await sha(model));
    expect(s.strippedTensors).toBe(64);
    const filled = join(tmp, "small.filled.onnx");
    const fill = runCli(["skeleton", "fill", skel, "--out", filled]);
    expect(fill.status, fill.stderr).toBe(0);
    expect(fill.stdout).toContain("synthetic weights: timing and memory only");
    expect(await sha(filled)).toBe("5466223140814f0d35100b732e63bdfda46b6ebc86ebd2a088f4be4f21b1e733");
  });

  it("refuses a file that is not ONNX, and a model that is not a skeleton, in one line with the input exit code", async () => {
    const text = join(tmp, "notes.onnx");
    await writeFile(text, "not a model\n");
    for (const args of [
      ["skeleton", "strip", text, "--out", join(tmp, "x")],
      ["skeleton", "fill", text, "--out", join(tmp, "x")],
      ["skeleton", "fill", model, "--out", join(tmp, "x")],
    ]) {
      const run = runCli(args);
      expect(run.status).toBe(3);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
      expect(run.stderr).toMatch(/not an ONNX model|not an edgeseg skeleton/);
    }
  });
});
