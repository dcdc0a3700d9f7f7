import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadDataset } from "@edgeseg/bench";
import type { AgentConfig } from "../config/index.ts";
import { createAgentDaemon } from "../daemon/daemon.ts";
import { captureLogger } from "./capture-logger.ts";
import { writeThresholdDataset } from "./tiny-dataset.ts";

export const DEVICE_ID = "test-dev-01";
export const SECRET = "device-secret-0123456789abcdef";
export const DATASET_ID = "tiny-threshold";

/** A temporary data directory and a tiny local dataset the threshold-seg model scores predictably. */
export async function agentFixture() {
  const root = await mkdtemp(join(tmpdir(), "edgeseg-agent-"));
  const datasetDir = join(root, "dataset");
  await writeThresholdDataset(datasetDir);
  const datasetSha256 = await (await loadDataset(datasetDir)).sha256();
  const config = (mqttPort: number, hubUrl: string): AgentConfig => ({
    deviceId: DEVICE_ID,
    secret: SECRET,
    mqttUrl: `mqtt://127.0.0.1:${mqttPort}`,
    hubUrl,
    dataDir: join(root, "data"),
    telemetryIntervalS: 1,
    spoolMaxMb: 64,
    resultReceiptWaitS: 120,
    resultReceiptWaitMaxS: 3600,
    datasets: { [DATASET_ID]: datasetDir },
    shutdownGraceS: 2,
  });
  return { root, datasetDir, datasetSha256, config };
}

/** Starts a daemon with a fast reconnect policy; close it in the test's finally. */
export async function startDaemon(config: AgentConfig, configPath?: string) {
  const log = captureLogger("info");
  const daemon = createAgentDaemon({
    config,
    ...(configPath ? { configPath } : {}),
    logger: log.logger,
    backoff: { baseMs: 100, capMs: 400 },
    flushTimeoutMs: 3000,
  });
  await daemon.start();
  return { daemon, log };
}
