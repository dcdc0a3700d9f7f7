import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { type JobMessage, newEnvelope } from "@edgeseg/protocol";

export const MODEL_DIR = fileURLToPath(
  new URL("../../../../packages/bench/fixtures/models/threshold-seg/", import.meta.url),
);
export const MODEL_FILES = [join(MODEL_DIR, "manifest.json"), join(MODEL_DIR, "model.onnx")];

const sha = (path: string) => createHash("sha256").update(readFileSync(path)).digest("hex");
const ref = (role: string, path: string) => {
  const s = sha(path);
  return { role, sha256: s, size: readFileSync(path).byteLength, urlPath: `/api/artifacts/${s}` };
};

/** A job for the fixed-weight threshold-seg model on a local dataset, with a short scenario. */
export function fixtureJob(
  deviceId: string,
  opts: {
    jobId?: string;
    attempt?: number;
    datasetId: string;
    datasetSha256: string;
    minDurationMs?: number;
  },
): JobMessage {
  const manifest = ref("manifest", MODEL_FILES[0]!);
  return {
    ...newEnvelope(deviceId),
    jobId: opts.jobId ?? "job_1",
    campaignId: "camp_test",
    attempt: opts.attempt ?? 1,
    model: {
      id: "threshold-seg",
      version: "1.0.0",
      manifestSha256: manifest.sha256,
      artifacts: [manifest, ref("model", MODEL_FILES[1]!)],
    },
    suite: { id: "hub-defined", version: "1", sha256: "a".repeat(64) },
    dataset: { id: opts.datasetId, sha256: opts.datasetSha256 },
    scenarioOverrides: {
      singleStream: {
        minDurationMs: opts.minDurationMs ?? 0,
        minQueries: 5,
        maxDurationMs: opts.minDurationMs ? opts.minDurationMs * 2 : 3000,
      },
      offline: { batchSize: 2, minQueries: 4 },
      warmupQueries: 1,
    },
    timeoutMs: 120_000,
  };
}
