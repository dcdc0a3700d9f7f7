import { stat } from "node:fs/promises";
import type { JobMessage, ScenarioSettings } from "@edgeseg/protocol";
import type { AgentConfig } from "../config/index.ts";

/** Where a job's dataset comes from, and the scenario the run uses. */
export type JobPlan =
  | {
      ok: true;
      dataset: { kind: "local"; dir: string } | { kind: "suite"; suiteId: string };
      scenario: ScenarioSettings;
    }
  | { ok: false; reason: string };

/**
 * Decides, cheaply and before the job is acknowledged, whether this device can run it. The suite must
 * be one this agent bundles with the job's hash, or unknown here (a hub-defined suite); a suite with
 * the job's id but another hash is refused. The dataset is a local one the field engineer configured
 * under `datasets` (patient data never travels), else the suite's generated phantom.
 */
export async function planJob(job: JobMessage, config: Pick<AgentConfig, "datasets">): Promise<JobPlan> {
  // The lite entry points: the daemon plans every job it receives, and the package roots would load
  // the benchmark engine into it (the dataset hash, the suite's asset checks run in the job's child).
  const { BUNDLED_SUITES, loadSuite, suiteScenario } = await import("@edgeseg/suites/lite");
  const { defaultScenario } = await import("@edgeseg/bench/lite");
  let match: { id: string; scenario: ScenarioSettings; datasetSha256: string } | null = null;
  for (const id of BUNDLED_SUITES) {
    const loaded = await loadSuite(id).catch(() => null);
    if (!loaded) continue;
    const sameName = loaded.suite.id === job.suite.id && loaded.suite.version === job.suite.version;
    if (loaded.sha256 === job.suite.sha256) {
      match = { id, scenario: suiteScenario(loaded.suite), datasetSha256: loaded.suite.dataset.sha256 };
    } else if (sameName) {
      return {
        ok: false,
        reason: `suite ${job.suite.id}@${job.suite.version} on this device has sha256 ${loaded.sha256.slice(0, 12)}…, the job's has ${job.suite.sha256.slice(0, 12)}…; update the agent or the hub`,
      };
    }
  }
  const base = match?.scenario ?? defaultScenario;
  const scenario = applyOverrides(base, job.scenarioOverrides);
  const localDir = config.datasets[job.dataset.id];
  if (localDir) {
    const isDir = await stat(localDir).then(
      (s) => s.isDirectory(),
      () => false,
    );
    if (!isDir) {
      return {
        ok: false,
        reason: `dataset "${job.dataset.id}" is configured at ${localDir} on this device, but that directory does not exist`,
      };
    }
    return { ok: true, dataset: { kind: "local", dir: localDir }, scenario };
  }
  if (match && match.datasetSha256 === job.dataset.sha256) {
    return { ok: true, dataset: { kind: "suite", suiteId: match.id }, scenario };
  }
  return {
    ok: false,
    reason: `dataset "${job.dataset.id}" (sha256 ${job.dataset.sha256.slice(0, 12)}…) is not on this device: it is not the dataset of a suite this agent has, nor configured under "datasets" in its config`,
  };
}

export function applyOverrides(base: ScenarioSettings, o: JobMessage["scenarioOverrides"]): ScenarioSettings {
  return {
    singleStream: { ...base.singleStream, ...o.singleStream },
    offline: { ...base.offline, ...o.offline },
    warmupQueries: o.warmupQueries ?? base.warmupQueries,
    nsdToleranceMm: o.nsdToleranceMm ?? base.nsdToleranceMm,
    maxCases: o.maxCases !== undefined ? o.maxCases : base.maxCases,
    // The suite's repeat rule is part of what its hash pins; a job does not override it.
    ...(base.repeats ? { repeats: base.repeats } : {}),
  };
}
