import { describeDevice, loadDataset, loadManifest, selectBackend } from "@edgeseg/bench";
import {
  type JobMessage,
  RESULT_SCHEMA_VERSION,
  type ResultDocument,
  resultDocumentSchema,
  type ScenarioSettings,
} from "@edgeseg/protocol";

export interface InterruptedRun {
  job: JobMessage;
  resultId: string;
  manifestPath: string;
  dataset: { dir: string; sha256: string };
  scenario: ScenarioSettings;
  agentVersion: string;
  message: string;
  now: Date;
}

/**
 * A failed result (reason "crash") for a job attempt whose runs kept dying with the agent — power
 * loss, a kill, the kernel's out-of-memory killer taking the agent with the model. Nothing was
 * measured, so timing, accuracy and resources are null; runtime is what the run was started with.
 */
export async function interruptedResult(run: InterruptedRun): Promise<ResultDocument> {
  const { manifest, manifestSha256 } = await loadManifest(run.manifestPath);
  const dataset = await loadDataset(run.dataset.dir);
  const { info, profile } = await describeDevice();
  const backend = selectBackend("auto");
  return resultDocumentSchema.parse({
    schemaVersion: RESULT_SCHEMA_VERSION,
    resultId: run.resultId,
    createdAt: run.now.toISOString(),
    agentVersion: run.agentVersion,
    status: "failed",
    failure: { reason: "crash", message: run.message, exitCode: null, signal: null },
    suite: run.job.suite,
    model: {
      id: manifest.id,
      version: manifest.version,
      family: manifest.family,
      pipeline: manifest.pipeline,
      manifestSha256,
      files: Object.entries(manifest.graphs).map(([role, g]) => ({ role, sha256: g.sha256 })),
      fineTuning: manifest.fineTuning,
    },
    dataset: {
      id: dataset.id,
      sha256: run.dataset.sha256,
      cases: dataset.cases.length,
      spacingMm: "unknown",
    },
    device: info,
    runtime: {
      backend: backend.backend,
      backendReason: backend.reason,
      requestedExecutionProviders: ["cpu"],
      executionProvider: "unknown",
      intraOpThreads: profile.runtime.threads,
      graphOptimizationLevel: "all",
      memoryArena: profile.runtime.memoryArena,
      memoryPattern: profile.runtime.memoryPattern,
      onnxruntimeVersion: info.onnxruntimeVersion,
    },
    scenario: run.scenario,
    accuracy: null,
    timing: null,
    resources: null,
    validity: { verdict: "INVALID", reasons: [`crash: ${run.message}`] },
  });
}
