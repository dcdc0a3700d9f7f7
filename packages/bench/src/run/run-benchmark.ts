import { randomUUID } from "node:crypto";
import { fileURLToPath } from "node:url";
import { selectBackend } from "@edgeseg/engine-core";
import {
  AppError,
  type ErrorCode,
  RESULT_SCHEMA_VERSION,
  type Resources,
  type ResultDocument,
  type RuntimeSettings,
  resultDocumentSchema,
  type ScenarioSettings,
} from "@edgeseg/protocol";
import { describeDevice } from "../device/index.ts";
import { type IsolatedFailure, runIsolated } from "../isolation/index.ts";
import { aggregateOrgans, overallMeans } from "./aggregate.ts";
import type { ChildOutput, ChildProgress } from "./child-output.ts";
import { failedResult, type RunHeader } from "./failed-result.ts";
import { identifyRun } from "./identify.ts";
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
  /** The result document's id: the agent's, chosen when it accepted the job (default: a new UUID). */
  resultId?: string;
  /**
   * Cancels the run: passed to fork(), so the child is killed when it aborts and the run becomes a
   * failed result (reason "error", "was cancelled …"). The caller decides whether to keep it.
   */
  signal?: AbortSignal;
  /** Called with the child's pid once it started (logs; tests that check it is gone afterwards). */
  onChildStart?: (pid: number) => void;
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
 * out-of-memory kill, a timeout or a cancellation (`signal`) becomes a failed result with its reason
 * (failedResult, the one builder of failed results); bad input
 * (a manifest that does not match its graph, a missing label) is thrown as an AppError before or
 * instead of a result, so the person at the terminal sees what to fix.
 */
export async function runBenchmark(req: BenchmarkRequest): Promise<ResultDocument> {
  const { header, spec } = await prepareRun(req);
  const outcome = await runIsolated<RunSpec, ChildOutput>({
    entry: childEntry,
    input: spec,
    timeoutMs: req.timeoutMs ?? 3_600_000,
    ...(req.memoryLimitMb ? { memoryLimitMb: req.memoryLimitMb } : {}),
    onMessage: (msg) => req.onProgress?.(msg as ChildProgress),
    ...(req.deviceRoot ? { sensorsRoot: req.deviceRoot } : {}),
    ...(req.signal ? { signal: req.signal } : {}),
    ...(req.onChildStart ? { onSpawn: req.onChildStart } : {}),
  });
  if (!outcome.ok) {
    rethrowInputError(outcome.failure);
    const { code: _code, ...failure } = outcome.failure;
    return failedResult(header, failure, outcome.resources);
  }
  // What the child measured and reported (its runtime block names the backend and why) goes in as it
  // came; the parent adds what only it saw: the child's resources and the run's validity.
  const out = outcome.value;
  const organs = aggregateOrgans(out.cases);
  const resources: Resources = {
    ...outcome.resources,
    energy: withPhaseEnergy(outcome.resources.energy, outcome.energyTrace, out.phases),
  };
  return resultDocumentSchema.parse({
    schemaVersion: RESULT_SCHEMA_VERSION,
    resultId: header.resultId,
    createdAt: new Date().toISOString(),
    agentVersion: header.agentVersion,
    suite: header.suite,
    device: header.device,
    scenario: header.scenario,
    status: "succeeded",
    failure: null,
    model: out.model,
    dataset: out.dataset,
    runtime: out.runtime,
    // Synthetic weights (a skeleton): accuracy not measured — null, never 0.
    accuracy:
      out.model.weights === "synthetic" ? null : { cases: out.cases, organs, ...overallMeans(organs) },
    timing: out.timing,
    resources,
    validity: validity(out, resources),
  });
}

/**
 * Everything known about a run before its child starts: the header every result of it carries (a
 * failed one included, see failedResult) and the spec the child is given. Refuses a bad manifest or
 * dataset (AppError) before anything is spawned.
 */
export async function prepareRun(
  req: Omit<BenchmarkRequest, "signal" | "onChildStart" | "onProgress">,
): Promise<{ header: RunHeader; spec: RunSpec }> {
  // Hashed once here (or taken from a caller that verified it) and handed to the child.
  const identity = await identifyRun(req.manifestPath, req.datasetDir, req.datasetSha256);
  const { info, profile } = await describeDevice(req.deviceRoot ? { root: req.deviceRoot } : {});
  const selected = selectBackend(req.backend ?? "auto");
  const scenario: ScenarioSettings = { ...defaultScenario, ...req.scenario };
  const spec: RunSpec = {
    manifestPath: req.manifestPath,
    datasetDir: req.datasetDir,
    backend: selected.backend,
    backendReason: selected.reason,
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
  const header: RunHeader = {
    resultId: req.resultId ?? randomUUID(),
    agentVersion: req.agentVersion,
    suite: req.suite ?? null,
    device: info,
    scenario,
    identity,
    runtime: requestedRuntime(spec, info.onnxruntimeVersion),
  };
  return { header, spec };
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

/** The settings a run was started with, as a run that never reported back records them. */
function requestedRuntime(spec: RunSpec, onnxruntimeVersion: string): RuntimeSettings {
  const { executionProviders, ...rest } = spec.runtime;
  return {
    ...rest,
    backend: spec.backend,
    backendReason: spec.backendReason,
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
