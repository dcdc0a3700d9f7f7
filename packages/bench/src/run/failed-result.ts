import {
  type Failure,
  RESULT_SCHEMA_VERSION,
  type Resources,
  type ResultDocument,
  type RuntimeSettings,
  resultDocumentSchema,
  type ScenarioSettings,
} from "@edgeseg/protocol";
import type { RunIdentity } from "./identify.ts";

/** What a result says about its run whatever became of it: known before the child starts. */
export interface RunHeader {
  resultId: string;
  agentVersion: string;
  suite: ResultDocument["suite"];
  device: ResultDocument["device"];
  scenario: ScenarioSettings;
  identity: RunIdentity;
  /** The settings the run was started with: all a run that never reported back can say. */
  runtime: RuntimeSettings;
}

/**
 * The result document of a run that produced no measurement: the child crashed, ran out of memory,
 * passed its time limit or was cancelled (runBenchmark), or the agent died with it too often to start
 * it again (the agent's job runner). `resources` are what the parent measured of the child, null when
 * nothing ran. The failure's reason is written once, as the document's only validity reason;
 * readers (packages/db resultReasons) show that list and do not add the failure again.
 */
export function failedResult(
  run: RunHeader,
  failure: Failure,
  resources: Resources | null,
  createdAt: Date = new Date(),
): ResultDocument {
  return resultDocumentSchema.parse({
    schemaVersion: RESULT_SCHEMA_VERSION,
    resultId: run.resultId,
    createdAt: createdAt.toISOString(),
    agentVersion: run.agentVersion,
    status: "failed",
    failure,
    suite: run.suite,
    model: run.identity.model,
    dataset: run.identity.dataset,
    device: run.device,
    runtime: run.runtime,
    scenario: run.scenario,
    accuracy: null,
    timing: null,
    resources,
    validity: { verdict: "INVALID", reasons: [`${failure.reason}: ${failure.message}`] },
  });
}
