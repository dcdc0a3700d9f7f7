import type { MessageKind } from "../kinds.ts";
import type { MessageOf } from "../schemas.ts";
import { exampleResultDocument } from "./result-document.ts";

const envelope = (messageId: string, sentAt: string) => ({
  protocolVersion: 1 as const,
  messageId,
  sentAt,
  deviceId: "pi4-clinic-07",
});
const connectionId = "0b7e3c51-2f4a-4d8b-9c16-5e2f7a9d3b40";
const sha = (c: string) => c.repeat(64);

/** One valid message of each kind, from a Raspberry Pi 4 enrolled as `pi4-clinic-07`. */
export const exampleMessages: { [K in MessageKind]: MessageOf<K> } = {
  birth: {
    ...envelope("6a1f0c2e-3b4d-4e5f-8a6b-7c8d9e0f1a2b", "2026-11-26T10:30:00.000Z"),
    connectionId,
    agentVersion: "0.1.0",
    device: exampleResultDocument.device,
    capabilities: {
      backends: ["node", "wasm"],
      executionProviders: ["cpu"],
      pipelines: ["semantic-2d", "promptable-2d"],
    },
  },
  state: {
    ...envelope("7b2a1d3f-4c5e-4f60-9b7c-8d9e0f1a2b3c", "2026-11-26T10:30:00.120Z"),
    connectionId,
    status: "online",
    reason: "connected",
  },
  telemetry: {
    ...envelope("8c3b2e4a-5d6f-4071-8c8d-9e0f1a2b3c4d", "2026-11-26T10:31:00.000Z"),
    intervalMs: 60_000,
    cpuPercent: 77.5,
    memoryUsedMb: 1024.5,
    memoryTotalMb: 3794,
    temperatureC: 58.4,
    frequencyMhz: 1800,
    throttling: { active: false, flags: "0x0" },
    spoolDepth: 1,
    currentJobId: "job_01HZX3",
  },
  jobs: {
    ...envelope("9d4c3f5b-6e70-4182-9d9e-0f1a2b3c4d5e", "2026-11-26T10:30:02.000Z"),
    jobId: "job_01HZX3",
    campaignId: "camp_abdomen_2026_11",
    attempt: 1,
    model: {
      id: "unet2d-abdomen-small",
      version: "1.0.0",
      manifestSha256: sha("b"),
      artifacts: [
        { role: "manifest", sha256: sha("b"), size: 2_140, urlPath: `/api/artifacts/${sha("b")}` },
        { role: "model", sha256: sha("c"), size: 486_912, urlPath: `/api/artifacts/${sha("c")}` },
      ],
    },
    suite: { id: "standard", version: "1", sha256: sha("a") },
    dataset: { id: "phantom-abdomen-v1", sha256: sha("d") },
    scenarioOverrides: { singleStream: { minDurationMs: 10_000 }, maxCases: 2 },
    timeoutMs: 1_800_000,
  },
  "jobs/ack": {
    ...envelope("ae5d4a6c-7f81-4293-8eaf-1a2b3c4d5e6f", "2026-11-26T10:30:02.300Z"),
    jobId: "job_01HZX3",
    attempt: 1,
    status: "accepted",
    reason: null,
  },
  progress: {
    ...envelope("bf6e5b7d-8092-43a4-9fb0-2b3c4d5e6f70", "2026-11-26T10:41:10.000Z"),
    jobId: "job_01HZX3",
    attempt: 1,
    phase: "single-stream",
    done: 180,
    total: 200,
  },
  results: {
    ...envelope("c07f6c8e-91a3-44b5-8ac1-3c4d5e6f7081", "2026-11-26T10:42:17.600Z"),
    jobId: "job_01HZX3",
    attempt: 1,
    result: exampleResultDocument,
  },
  events: {
    ...envelope("d1807d9f-a2b4-45c6-9bd2-4d5e6f708192", "2026-11-26T10:30:05.000Z"),
    code: "INTEGRITY",
    message: `artifact ${sha("c").slice(0, 12)}… downloaded with another sha256; the agent will fetch it again`,
    jobId: "job_01HZX3",
  },
  commands: {
    ...envelope("e2918ea0-b3c5-46d7-8ce3-5e6f708192a3", "2026-11-26T10:35:00.000Z"),
    command: "cancel-job",
    args: { jobId: "job_01HZX3", attempt: 1 },
  },
};
