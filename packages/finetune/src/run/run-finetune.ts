import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { loadManifest, runIsolated, verifyGraphFiles } from "@edgeseg/bench";
import { AppError, type ErrorCode, type FineTuningResult, fineTuningResultSchema } from "@edgeseg/protocol";
import { splitModel } from "../graph/index.ts";
import { type FineTuneMeasured, MECHANISM } from "./execute.ts";
import { frozenParameterCount } from "./parameters.ts";
import type { FineTuneProgress, FineTuneSpec } from "./spec.ts";

export interface FineTuneRequest {
  spec: FineTuneSpec;
  /** Wall-clock limit of the child (default one night: 12 h). */
  timeoutMs?: number;
  /** Peak resident memory above which the child is killed: the block becomes failed, out-of-memory. */
  memoryLimitMb?: number;
  signal?: AbortSignal;
  onProgress?: (p: FineTuneProgress) => void;
  onChildStart?: (pid: number) => void;
}

/** Every measured figure of a fine-tuning, plus what the child held in memory and its curves. */
export interface FineTuneRun {
  block: FineTuningResult;
  /** Present when the child finished: cached feature bytes, per-step losses, validation DSC per epoch. */
  detail: Pick<FineTuneMeasured, "cachedBytes" | "losses" | "validation"> | null;
}

// The release bundle (scripts/build-agent.ts) ships this child as finetune-child.mjs beside agent.mjs.
const childEntry = process.env.EDGESEG_AGENT_BUNDLED_VERSION
  ? fileURLToPath(new URL("./finetune-child.mjs", import.meta.url))
  : fileURLToPath(new URL("./child.ts", import.meta.url));
const USER_ERRORS: readonly ErrorCode[] = ["INPUT", "INTEGRITY", "NOT_FOUND", "USAGE"];

/**
 * Fine-tunes one model in a child process (the same isolation as a benchmark: memory limit, /proc
 * sampling, timeout) and returns the result document's `fineTuning` block. A crash, out-of-memory kill
 * or timeout becomes `status: "failed"` with its reason; bad input (a manifest without a cut, a cut
 * tensor the graph lacks) is thrown as an AppError before anything is spawned or as the child found it.
 */
export async function runFineTune(req: FineTuneRequest): Promise<FineTuneRun> {
  const { spec } = req;
  // Splitting here first refuses a bad cut with a one-line error and gives a failed block its sizes.
  const { manifest, dir } = await loadManifest(spec.manifestPath);
  const ft = manifest.fineTuning;
  if (!ft.supported || !ft.trainableFrom || !ft.loss)
    throw new AppError(
      "INPUT",
      `model ${manifest.id} does not declare on-device fine-tuning: its manifest's fineTuning needs supported: true, trainableFrom and loss (docs/fine-tuning.md)`,
    );
  const role =
    manifest.pipeline === "semantic-2d" ? "model" : manifest.pipeline === "promptable-2d" ? "decoder" : null;
  if (!role)
    throw new AppError(
      "INPUT",
      `model ${manifest.id}: fine-tuning covers semantic-2d and promptable-2d models only`,
    );
  const graphs = await verifyGraphFiles(manifest, dir);
  const graph = graphs.find((g) => g.role === role);
  if (!graph) throw new AppError("INPUT", `model ${manifest.id} has no graphs.${role}`);
  const parts = splitModel(new Uint8Array(await readFile(graph.path)), { trainableFrom: ft.trainableFrom });
  const planned = {
    mechanism: MECHANISM,
    trainable: {
      part: `${role} graph from ${ft.trainableFrom.join(", ")}`.slice(0, 200),
      parameters: parts.trainableParameters,
      frozenParameters: await frozenParameterCount(graphs, role, parts.frozenParameters),
    },
    site: { dataset: spec.datasetLabel, trainSlices: spec.trainSlices, testCases: spec.testCases },
    optimizer: spec.optimizer,
    batchSize: Math.min(spec.batchSize, manifest.maxBatch),
  };

  const outcome = await runIsolated<FineTuneSpec, FineTuneMeasured>({
    entry: childEntry,
    input: spec,
    timeoutMs: req.timeoutMs ?? 12 * 3_600_000,
    ...(req.memoryLimitMb ? { memoryLimitMb: req.memoryLimitMb } : {}),
    onMessage: (msg) => req.onProgress?.(msg as FineTuneProgress),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.onChildStart ? { onSpawn: req.onChildStart } : {}),
  });
  if (!outcome.ok) {
    const { code, ...failure } = outcome.failure;
    if (failure.reason === "error" && code && USER_ERRORS.includes(code as ErrorCode))
      throw new AppError(code as ErrorCode, failure.message);
    const block: FineTuningResult = {
      status: "failed",
      failure,
      ...planned,
      epochs: 0,
      steps: 0,
      stepMs: null,
      epochMs: null,
      plateau: null,
      totalMs: outcome.resources.wallMs ?? 0,
      peakRssMb: outcome.resources.peakRssMb,
      loss: null,
      before: null,
      after: null,
    };
    return { block: fineTuningResultSchema.parse(block), detail: null };
  }
  const { cachedBytes, losses, validation, ...measured } = outcome.value;
  const block: FineTuningResult = {
    status: "succeeded",
    failure: null,
    ...measured,
    peakRssMb: outcome.resources.peakRssMb,
  };
  return { block: fineTuningResultSchema.parse(block), detail: { cachedBytes, losses, validation } };
}
