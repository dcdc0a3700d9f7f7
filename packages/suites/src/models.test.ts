import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import {
  createPromptable2d,
  createRuntime,
  createSemantic2d,
  loadManifest,
  type NiftiVolume,
  type RuntimeOptions,
  readNifti,
} from "@edgeseg/bench";
import { writePhantomDataset } from "@edgeseg/phantom";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { segmentSemanticVolume } from "../../bench/src/pipeline/semantic-volume.ts";
import { loadSuite, manifestPath } from "./load.ts";

/**
 * The reference models run through the engine's own pipelines (ONNX Runtime, engine preprocessing)
 * must reproduce the Dice the training recipe measured in PyTorch with its copy of that
 * preprocessing: a mismatch means training and benchmarking disagree on the input layout or scaling.
 */
const CASE = "phantom_100";
const OPTIONS: RuntimeOptions = {
  intraOpThreads: 1,
  graphOptimizationLevel: "all",
  executionProviders: ["cpu"],
  memoryArena: true,
  memoryPattern: true,
};
const ORGANS = [1, 2, 3, 4, 5, 6, 7, 8];

let tmp: string;
let image: NiftiVolume;
let truth: Uint8Array;

beforeAll(async () => {
  tmp = await mkdtemp(join(tmpdir(), "edgeseg-models-"));
  await writePhantomDataset(tmp, { split: "test", cases: 1 });
  image = await readNifti(join(tmp, `imagesTs/${CASE}_0000.nii.gz`));
  truth = (await readNifti(join(tmp, `labelsTs/${CASE}.nii.gz`))).data as Uint8Array;
});
afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function dice(pred: Uint8Array, label: number): number | null {
  let a = 0;
  let b = 0;
  let both = 0;
  for (let n = 0; n < pred.length; n++) {
    const p = pred[n] === label;
    const t = truth[n] === label;
    if (p) a++;
    if (t) b++;
    if (p && t) both++;
  }
  return a + b === 0 ? null : (2 * both) / (a + b);
}

async function predict(path: string): Promise<Uint8Array> {
  const runtime = await createRuntime("node");
  const { manifest, dir } = await loadManifest(path);
  const identity = new Map(ORGANS.map((l) => [l, l]));
  if (manifest.pipeline === "semantic-2d") {
    const session = await runtime.createSession(join(dir, manifest.graphs.model.file), OPTIONS);
    const result = await segmentSemanticVolume(createSemantic2d(session, manifest), image, {
      labelMap: identity,
      batchSize: 8,
    });
    await session.release();
    return result.labels;
  }
  if (manifest.pipeline !== "promptable-2d")
    throw new Error(`${path}: no reference model uses ${manifest.pipeline}`);
  const encoder = await runtime.createSession(join(dir, manifest.graphs.encoder.file), OPTIONS);
  const decoder = await runtime.createSession(join(dir, manifest.graphs.decoder.file), OPTIONS);
  const pipeline = createPromptable2d({ encoder, decoder }, manifest);
  const result = await pipeline.segmentVolume(image, truth, {
    organs: ORGANS.map((l) => ({ datasetValue: l })),
  });
  await encoder.release();
  await decoder.release();
  return result.labels;
}

describe("reference models through the engine", () => {
  for (const id of ["unet2d-small", "unet2d-base", "litemedsam-phantom"]) {
    it(`${id} reproduces its training-time Dice on ${CASE}`, async () => {
      const loaded = await loadSuite("standard-v1");
      const path = manifestPath(loaded, loaded.suite.models.find((m) => m.id === id)!.manifest);
      const metrics = JSON.parse(await readFile(join(dirname(path), "training-metrics.json"), "utf8"));
      const pred = await predict(path);
      const recorded: Record<string, number> = metrics.perCase[CASE];
      const names = [
        "liver",
        "spleen",
        "kidney_right",
        "kidney_left",
        "aorta",
        "inferior_vena_cava",
        "stomach",
        "pancreas",
      ];
      for (const [n, name] of names.entries()) {
        const measured = dice(pred, n + 1) ?? 0;
        // A renamed or missing organ in training-metrics.json must fail, not compare 0 with 0.
        expect(recorded[name], `${id} ${name} in training-metrics.json`).toBeTypeOf("number");
        expect(
          Math.abs(measured - recorded[name]!),
          `${id} ${name}: engine ${measured}, training ${recorded[name]}`,
        ).toBeLessThan(0.01);
      }
    });
  }
});
