import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRuntime, createSemantic3d, readNifti, semantic3dPatchManifestSchema } from "@edgeseg/bench";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot, runCli } from "../../testing/cli.ts";
import { writeThresholdDataset } from "../../testing/tiny-dataset.ts";

const folder = join(repoRoot, "packages/bench/fixtures/models/patch3d-tiny");
const fast = ["--min-duration", "0.2", "--min-queries", "100", "--max-duration", "10"];
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-bench-3d-"));
  await writeThresholdDataset(join(dir, "data"));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** DSC of dataset label `truth` against model label `predicted`, counted voxel by voxel. */
function dice(gt: ArrayLike<number>, seg: Uint8Array, truth: number, predicted: number): number {
  let both = 0;
  let a = 0;
  let b = 0;
  for (let n = 0; n < seg.length; n++) {
    const inGt = gt[n] === truth;
    const inSeg = seg[n] === predicted;
    if (inGt) a++;
    if (inSeg) b++;
    if (inGt && inSeg) both++;
  }
  return (2 * both) / (a + b);
}

describe("edgeseg-agent bench --model <semantic-3d-patch manifest>", () => {
  it("runs the sliding window end to end: a valid result whose accuracy is the pipeline's", async () => {
    const out = join(dir, "result.json");
    const run = runCli([
      "bench",
      "--model",
      join(folder, "manifest.json"),
      "--dataset",
      join(dir, "data"),
      "--json",
      out,
      ...fast,
    ]);
    // Without a TTY a loaded machine may print plain progress lines; nothing else may reach stderr.
    expect(run.stderr.replace(/^patch3d-tiny: .*\n/gm, "")).toBe("");
    expect(run.status).toBe(0);
    const doc = resultDocumentSchema.parse(JSON.parse(await readFile(out, "utf8")));
    expect(doc.status).toBe("succeeded");
    expect(doc.model).toMatchObject({ id: "patch3d-tiny", pipeline: "semantic-3d-patch" });
    expect(doc.timing?.singleStream.count).toBeGreaterThanOrEqual(100);
    const kase = doc.accuracy!.cases[0]!;
    expect(kase.slices).toBe(4);
    expect(kase.timing.inferMs).toBeGreaterThan(0);
    expect(kase.timing.totalMs).toBeGreaterThanOrEqual(kase.timing.inferMs);

    // The same case through the pipeline in this process: the CLI's DSC must be this one.
    const manifest = semantic3dPatchManifestSchema.parse(
      JSON.parse(await readFile(join(folder, "manifest.json"), "utf8")),
    );
    const session = await (await createRuntime("node")).createSession(join(folder, "model.onnx"), {
      intraOpThreads: 1,
      graphOptimizationLevel: "all",
      executionProviders: ["cpu"],
      memoryArena: true,
      memoryPattern: true,
    });
    try {
      const image = await readNifti(join(dir, "data/imagesTr/tiny_001_0000.nii.gz"));
      const label = await readNifti(join(dir, "data/labelsTr/tiny_001.nii.gz"));
      const { labels } = await createSemantic3d(session, manifest).segmentVolume(image, {
        labelMap: new Map([
          [1, 1],
          [2, 2],
        ]),
      });
      // Model liver = 1, spleen = 2; dataset liver = 6, spleen = 1.
      expect(doc.accuracy?.organs.liver?.meanDice).toBeCloseTo(dice(label.data, labels, 6, 1), 6);
      expect(doc.accuracy?.organs.spleen?.meanDice).toBeCloseTo(dice(label.data, labels, 1, 2), 6);
    } finally {
      await session.release();
    }
  });
});
