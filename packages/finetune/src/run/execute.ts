import { readFile } from "node:fs/promises";
import { loadManifest, verifyGraphFiles } from "@edgeseg/bench";
import { AppError, type FineTuningResult } from "@edgeseg/protocol";
import * as ort from "onnxruntime-node";
import { applyParams, buildTrainStep, splitModel } from "../graph/index.ts";
import { scoreSite } from "./evaluate.ts";
import { frozenParameterCount } from "./parameters.ts";
import {
  chooseSlices,
  promptableSamples,
  readTrainCases,
  type Sample,
  semanticSamples,
  siteMapping,
} from "./samples.ts";
import type { FineTuneProgress, FineTuneSpec } from "./spec.ts";
import { frozenPass, plateau, sessionOptions, trainLoop, validator } from "./train.ts";

export const MECHANISM = "onnx-backward-graphs/1";

/** What the child measures; the parent adds peak RSS from /proc and the failure, if any. */
export type FineTuneMeasured = Omit<FineTuningResult, "peakRssMb" | "status" | "failure"> & {
  /** Bytes of cut tensors and targets held in memory for the whole run. */
  cachedBytes: number;
  losses: number[];
  validation: number[];
};

const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0
    ? null
    : (s[Math.floor((s.length - 1) / 2)] as number) / 2 + (s[Math.ceil((s.length - 1) / 2)] as number) / 2;
};

/** The whole fine-tuning, inside the child process: the memory it takes is the fine-tuning's. */
export async function executeFineTune(
  spec: FineTuneSpec,
  report: (p: FineTuneProgress) => void,
): Promise<FineTuneMeasured> {
  const { manifest, dir } = await loadManifest(spec.manifestPath);
  const ft = manifest.fineTuning;
  if (!ft.supported || !ft.trainableFrom || !ft.loss)
    throw new AppError(
      "INPUT",
      `model ${manifest.id} does not declare on-device fine-tuning (fineTuning.supported, trainableFrom and loss in its manifest)`,
    );
  if (manifest.pipeline === "semantic-3d-patch")
    throw new AppError(
      "INPUT",
      `model ${manifest.id}: fine-tuning covers 2D pipelines (semantic-2d, promptable-2d) only`,
    );
  const graphs = await verifyGraphFiles(manifest, dir);
  const role = manifest.pipeline === "semantic-2d" ? "model" : "decoder";
  const partGraph = graphs.find((g) => g.role === role);
  if (!partGraph) throw new AppError("INPUT", `model ${manifest.id} has no graphs.${role}`);
  const partBytes = new Uint8Array(await readFile(partGraph.path));

  report({
    type: "progress",
    phase: "prepare",
    message: `reading the site's train split (${spec.trainDir})`,
  });
  const { cases, labels } = await readTrainCases(spec.trainDir);
  const mapping = siteMapping(labels, manifest.labels);
  const chosen = chooseSlices(cases, spec.trainSlices, spec.validationSlices, spec.seed);
  const score = (replace?: { role: string; bytes: Uint8Array }) =>
    scoreSite({
      manifest,
      graphs,
      testDir: spec.testDir,
      testCases: spec.testCases,
      mapping,
      nsdToleranceMm: spec.nsdToleranceMm,
      threads: spec.threads,
      ...(replace ? { replace } : {}),
    });
  report({
    type: "progress",
    phase: "before",
    message: `scoring ${spec.testCases} test case(s) before fine-tuning`,
  });
  const before = await score();

  const parts = splitModel(partBytes, { trainableFrom: ft.trainableFrom });
  const step = buildTrainStep(parts, { loss: ft.loss, optimizer: spec.optimizer });
  const batchSize = Math.min(spec.batchSize, manifest.maxBatch);

  // Everything from here to the last step is the fine-tuning's wall time (totalMs).
  const t0 = performance.now();
  report({
    type: "progress",
    phase: "frozen",
    message: `frozen part forward on ${chosen.train.length + chosen.validation.length} slices`,
  });
  let train: Sample[];
  let validation: Sample[];
  if (manifest.pipeline === "semantic-2d") {
    train = semanticSamples(manifest, cases, chosen.train, mapping);
    validation = semanticSamples(manifest, cases, chosen.validation, mapping);
  } else {
    const encoderGraph = graphs.find((g) => g.role === "encoder");
    if (!encoderGraph) throw new AppError("INPUT", `model ${manifest.id} has no graphs.encoder`);
    const encoder = await ort.InferenceSession.create(encoderGraph.path, sessionOptions(spec.threads));
    try {
      train = await promptableSamples(manifest, encoder, cases, chosen.train, mapping);
      validation = await promptableSamples(manifest, encoder, cases, chosen.validation, mapping);
    } finally {
      await encoder.release();
    }
  }
  const trainCache = await frozenPass(parts, train, spec.threads);
  const validationCache = await frozenPass(parts, validation, spec.threads);
  const kind = manifest.pipeline === "semantic-2d" ? "semantic" : "promptable";
  const threshold = manifest.pipeline === "promptable-2d" ? manifest.prompt.maskThreshold : 0;
  const outcome = await trainLoop({
    parts,
    step,
    samples: trainCache.cached,
    batchSize,
    epochs: spec.epochs,
    maxSteps: spec.maxSteps,
    threads: spec.threads,
    seed: spec.seed,
    validate: validator(parts, validationCache.cached, kind, spec.threads, threshold),
    startMs: performance.now() - t0,
    onEpoch: (epoch, steps, loss, v) =>
      report({
        type: "progress",
        phase: "train",
        message: `epoch ${epoch}/${spec.epochs}: ${steps} steps, loss ${loss.toFixed(4)}, validation DSC ${v.toFixed(3)}`,
      }),
  });
  const totalMs = performance.now() - t0;

  report({
    type: "progress",
    phase: "after",
    message: `scoring ${spec.testCases} test case(s) after fine-tuning`,
  });
  const after = await score({ role, bytes: applyParams(partBytes, outcome.params) });
  const mean = outcome.stepMs.reduce((a, b) => a + b, 0) / Math.max(outcome.stepMs.length, 1);
  const p50 = median(outcome.stepMs);
  return {
    mechanism: MECHANISM,
    trainable: {
      part: `${role} graph from ${ft.trainableFrom.join(", ")}`.slice(0, 200),
      parameters: parts.trainableParameters,
      frozenParameters: await frozenParameterCount(graphs, role, parts.frozenParameters),
    },
    site: { dataset: spec.datasetLabel, trainSlices: chosen.train.length, testCases: spec.testCases },
    optimizer: { name: spec.optimizer.name, learningRate: spec.optimizer.learningRate },
    batchSize,
    epochs: outcome.epochs,
    steps: outcome.steps,
    stepMs: p50 === null ? null : { p50, mean },
    epochMs: median(outcome.epochMs),
    plateau: plateau(outcome.validation, outcome.marks, spec.plateauMinDelta),
    totalMs,
    loss:
      outcome.losses.length > 0
        ? { first: outcome.losses[0] as number, last: outcome.losses.at(-1) as number }
        : null,
    before,
    after,
    cachedBytes: trainCache.bytes + validationCache.bytes,
    losses: outcome.losses,
    validation: outcome.validation,
  };
}
