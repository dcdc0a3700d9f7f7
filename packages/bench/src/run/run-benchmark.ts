import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import {
  AppError,
  type ErrorCode,
  type Failure,
  RESULT_SCHEMA_VERSION,
  type Resources,
  type ResultDocument,
  type RuntimeSettings,
  resultDocumentSchema,
  type ScenarioSettings,
} from "@edgeseg/protocol";
import { describeDevice } from "../device/index.ts";
import { type IsolatedFailure, runIsolated } from "../isolation/index.ts";
import { type BackendChoice, selectBackend } from "../runtime/index.ts";
import { aggregateOrgans, overallMeans } from "./aggregate.ts";
import type { ChildOutput, ChildProgress } from "./child-output.ts";
import { identifyRun, type RunIdentity } from "./identify.ts";
import { withPhaseEnergy } from "./phases.ts";
import { defaultScenario, type RunSpec } from "./spec.ts";

export interface BenchmarkRequest {
  manifestPath: string;
  datasetDir: string;
  backend?: "auto" | "node" | "wasm";
  threads?: number;
  memoryArena?: boolean;
  memoryPattern?: boolean;
  graphOptimizationLevel?: "disabled" | "basic" | "extended" | "all";
  executionProviders?: string[];
  scenario?: Partial<ScenarioSettings>;
  timeoutMs?: number;
  memoryLimitMb?: number;
  suite?: ResultDocument["suite"];
  datasetSha256?: string;
  /** Where skeletons are filled and cached by their sha256 (the agent's cache; default in tmpdir). */
  skeletonCacheDir?: string;
  agentVersion: string;
  onProgress?: (progress: ChildProgress) => void;
  /** Root of /proc and /sys to describe the device from (tests use recorded board trees). */
  deviceRoot?: string;
}

// The release bundle (scripts/build-agent.ts) ships the child as child.mjs next to the agent's bundle.
const childEntry = process.env.EDGESEG_AGENT_BUNDLED_VERSION
  ? fileURLToPath(new URL("./child.mjs", import.meta.url))
  : fileURLToPath(new URL("./child.ts", import.meta.url));

/**
 * Runs one model on one dataset in a child process and returns the result document. A crash, an
 * out-of-memory kill or a timeout in the child becomes a failed result with its reason; bad input
 * (a manifest that does not match its graph, a missing label) is thrown as an AppError before or
 * instead of a result, so the person at the terminal sees what to fix.
 */
export async function runBenchmark(req: BenchmarkRequest): Promise<ResultDocument> {
  // Hashed once here (or taken from a caller that verified it) and handed to the child.
  const identity = await identifyRun(req.manifestPath, req.datasetDir, req.datasetSha256);
  const { info, profile } = await describeDevice(req.deviceRoot ? { root: req.deviceRoot } : {});
  const selected = selectBackend(req.backend ?? "auto");
  const scenario: ScenarioSettings = { ...defaultScenario, ...req.scenario };
  const spec: RunSpec = {
    manifestPath: req.manifestPath,
    datasetDir: req.datasetDir,
    backend: selected.backend,
    runtime: {
      intraOpThreads: req.threads ?? profile.runtime.threads,
      graphOptimizationLevel: req.graphOptimizationLevel ?? "all",
      executionProviders: req.executionProviders ?? ["cpu"],
      memoryArena: req.memoryArena ?? profile.runtime.memoryArena,
      memoryPattern: req.memoryPattern ?? profile.runtime.memoryPattern,
    },
    scenario,
    datasetSha256: identity.dataset.sha256,
    ...(req.skeletonCacheDir ? { skeletonCacheDir: req.skeletonCacheDir } : {}),
  };
  const outcome = await runIsolated<RunSpec, ChildOutput>({
    entry: childEntry,
    input: spec,
    timeoutMs: req.timeoutMs ?? 3_600_000,
    ...(req.memoryLimitMb ? { memoryLimitMb: req.memoryLimitMb } : {}),
    onMessage: (msg) => req.onProgress?.(msg as ChildProgress),
    ...(req.deviceRoot ? { sensorsRoot: req.deviceRoot } : {}),
  });
  const base = {
    schemaVersion: RESULT_SCHEMA_VERSION,
    resultId: randomUUID(),
    createdAt: new Date().toISOString(),
    agentVersion: req.agentVersion,
    suite: req.suite ?? null,
    device: info,
    scenario,
  } as const;
  if (!outcome.ok) {
    rethrowInputError(outcome.failure);
    const { code: _code, ...failure } = outcome.failure;
    return resultDocumentSchema.parse({
      ...base,
      ...failedBody(identity, failure, outcome.resources),
      runtime: requestedRuntime(selected, spec, info.onnxruntimeVersion),
    });
  }
  const out = outcome.value;
  const organs = aggregateOrgans(out.cases);
  const resources: Resources = {
    ...outcome.resources,
    energy: withPhaseEnergy(outcome.resources.energy, outcome.energyTrace, out.phases),
  };
  return resultDocumentSchema.parse({
    ...base,
    status: "succeeded",
    failure: null,
    model: out.model,
    dataset: out.dataset,
    runtime: { ...out.runtime, backendReason: selected.reason },
    // Synthetic weights (a skeleton): accuracy not measured — null, never 0.
    accuracy:
      out.model.weights === "synthetic" ? null : { cases: out.cases, organs, ...overallMeans(organs) },
    timing: out.timing,
    resources,
    validity: validity(out, resources),
  });
}

function validity(out: ChildOutput, resources: Resources): ResultDocument["validity"] {
  const reasons = [...out.timing.singleStream.reasons];
  // A throttled device measures its throttling, not the model (MLPerf: results must be reproducible).
  if (resources.throttling.observed) {
    const seen = (resources.throttling.signals ?? []).filter((s) => s.observed === true);
    reasons.push(
      `throttling seen during the run (${seen.map((s) => `${s.source}: ${s.detail}`).join("; ")})`,
    );
  }
  if (out.cases.length === 0) reasons.push("no case was evaluated");
  const verdict = out.timing.singleStream.verdict === "VALID" && reasons.length === 0 ? "VALID" : "INVALID";
  return { verdict, reasons };
}

function failedBody(identity: RunIdentity, failure: Failure, resources: Resources) {
  return {
    status: "failed" as const,
    failure,
    model: identity.model,
    dataset: identity.dataset,
    accuracy: null,
    timing: null,
    resources,
    validity: { verdict: "INVALID" as const, reasons: [`${failure.reason}: ${failure.message}`] },
  };
}

/** The settings a run that never reported back was started with. */
function requestedRuntime(
  selected: BackendChoice,
  spec: RunSpec,
  onnxruntimeVersion: string,
): RuntimeSettings {
  const { executionProviders, ...rest } = spec.runtime;
  return {
    ...rest,
    backend: selected.backend,
    backendReason: selected.reason,
    requestedExecutionProviders: executionProviders,
    executionProvider: "unknown",
    onnxruntimeVersion,
  };
}

/** Errors the child raised about its input are the user's to fix, not a failed measurement. */
const userErrorCodes: readonly ErrorCode[] = ["INPUT", "INTEGRITY", "NOT_FOUND", "USAGE"];

function rethrowInputError(failure: IsolatedFailure): void {
  const code = failure.code as ErrorCode | undefined;
  if (failure.reason === "error" && code && userErrorCodes.includes(code))
    throw new AppError(code, failure.message);
}
