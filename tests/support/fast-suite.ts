import { cpSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { loadDataset, sha256Bytes } from "@edgeseg/bench";
import type { Db } from "@edgeseg/db";
import { createCampaign } from "@edgeseg/registry";
import { writeThresholdDataset } from "edgeseg-agent/testing";
import { type EnrolledAgent, type EnrolOptions, enrollAgent } from "./agent-process.ts";
import { hubCli } from "./hub-process.ts";
import { repoRoot } from "./process.ts";

export const FAST_DATASET_ID = "tiny-threshold";
const MODEL_DIR = join(repoRoot, "packages/bench/fixtures/models/threshold-seg");

/**
 * A hub-defined suite for tests that need many short jobs: the fixed-weight threshold-seg model on a
 * one-case local dataset the agent is configured with (a clinic's own data: it never travels; the
 * suite pins only its hash). Returns the suite.json path (for `edgeseg-hub suite import`) and the
 * dataset directory (for the agent's `datasets` map).
 */
export async function writeFastSuite(
  dir: string,
  /** Another one-channel dataset the threshold model can read, in a directory of its own name. */
  dataset: { dir?: string; write?: (dir: string) => Promise<unknown> } = {},
): Promise<{ suitePath: string; datasetDir: string }> {
  const datasetDir = dataset.dir ?? join(dir, "dataset");
  await (dataset.write ?? writeThresholdDataset)(datasetDir);
  const datasetSha256 = await (await loadDataset(datasetDir)).sha256();
  cpSync(MODEL_DIR, join(dir, "models", "threshold-seg"), { recursive: true });
  const manifest = join(dir, "models", "threshold-seg", "manifest.json");
  const suite = {
    id: "fleet-fast",
    version: "1",
    name: "Fleet test suite (threshold-seg on one local case)",
    dataset: {
      generator: FAST_DATASET_ID,
      generatorVersion: "1",
      seed: 1,
      split: "test",
      cases: 1,
      sha256: datasetSha256,
    },
    models: [
      {
        id: "threshold-seg",
        manifest: "models/threshold-seg/manifest.json",
        sha256: sha256Bytes(readFileSync(manifest)),
      },
    ],
    scenarios: {
      singleStream: { minDurationMs: 0, minQueries: 5, maxDurationMs: 2000 },
      offline: { batchSize: 2, minQueries: 4 },
      warmupQueries: 1,
    },
    accuracy: { nsdToleranceMm: 2, metrics: ["dsc", "nsd"] },
  };
  const suitePath = join(dir, "suite.json");
  writeFileSync(suitePath, `${JSON.stringify(suite, null, 2)}\n`);
  return { suitePath, datasetDir };
}

/**
 * A campaign on the fast suite, created through the registry as the dashboard does (the CLI has no
 * scenario flags). The hub's dispatcher sees it within its tick. `runMs` stretches the SingleStream
 * phase so a test can act while the benchmark runs.
 */
export async function fastCampaign(
  db: Db,
  deviceIds: string[],
  opts: { runMs?: number; name?: string } = {},
): Promise<string[]> {
  const runMs = opts.runMs ?? 0;
  const { jobIds } = await createCampaign(db, {
    name: opts.name ?? "fleet test",
    suiteId: "fleet-fast@1",
    modelIds: ["threshold-seg"],
    target: { deviceIds },
    // A hub-defined suite's scenarios do not travel in the job: the campaign's overrides do.
    scenarioOverrides: {
      singleStream: { minDurationMs: runMs, minQueries: 5, maxDurationMs: Math.max(2000, runMs * 2) },
      offline: { batchSize: 2, minQueries: 4 },
      warmupQueries: 1,
      maxCases: 1,
    },
    timeoutMs: 120_000,
  });
  return jobIds;
}

/**
 * The usual start of a fleet test: the fast suite written under `<dir>/suite` and imported into the
 * hub of `dataDir`, an enrolment token made there, and one agent enrolled with it under `<dir>/agent`,
 * configured with the suite's local dataset.
 */
export async function enrolFastAgent(
  dataDir: string,
  dir: string,
  opts: Omit<EnrolOptions, "token" | "dir" | "datasets">,
): Promise<EnrolledAgent> {
  const fast = await writeFastSuite(join(dir, "suite"));
  hubCli(dataDir, ["suite", "import", fast.suitePath]);
  const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);
  return enrollAgent({
    ...opts,
    token,
    dir: join(dir, "agent"),
    datasets: { [FAST_DATASET_ID]: fast.datasetDir },
  });
}
