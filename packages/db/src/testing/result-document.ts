import { randomUUID } from "node:crypto";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";

export const SUITE_SHA = "a".repeat(64);
export const OTHER_SUITE_SHA = "b".repeat(64);

export interface DocSpec {
  modelId?: string;
  modelVersion?: string;
  suiteSha256?: string;
  verdict?: "VALID" | "INVALID";
  status?: "succeeded" | "failed";
  /** Per-organ mean DSC; the document's meanDice is their mean. */
  organDice?: Record<string, number>;
  perCaseMeanMs?: number;
  createdAt?: string;
  resultId?: string;
  peakRssMb?: number;
  throttled?: boolean | null;
  /** The repeat rule's outcome; absent: the document reports no repeats (an older agent). */
  stability?: "STABLE" | "UNSTABLE";
  backend?: "node" | "wasm";
  /** The scenario's maxCases (a campaign may override it); default null. */
  maxCases?: number | null;
  /** Bytes of the job's egress audit; null: the document carries none (an older agent). */
  egressBytes?: number | null;
  /** The document's on-device fine-tuning block; absent: not measured. */
  fineTuning?: ResultDocument["fineTuning"];
}

/**
 * A fine-tuning block with these numbers: succeeded with a plateau, or failed for `failure` (no step,
 * plateau or after-DSC; the peak it reached).
 */
export function fineTuningBlock(spec: {
  stepMs?: number;
  plateauMs?: number | null;
  totalMs?: number;
  peakRssMb?: number | null;
  before?: number;
  after?: number;
  failure?: "out-of-memory" | "crash" | "timeout" | "error";
}): NonNullable<ResultDocument["fineTuning"]> {
  const failed = spec.failure !== undefined;
  const step = spec.stepMs ?? 12;
  return {
    status: failed ? "failed" : "succeeded",
    failure: failed
      ? { reason: spec.failure!, message: `fine-tuning ended: ${spec.failure}`, exitCode: null, signal: null }
      : null,
    mechanism: "onnx-backward-graphs/1",
    trainable: { part: "last decoder stage + head", parameters: 4_705, frozenParameters: 116_512 },
    site: { dataset: "phantom-site-b", trainSlices: 16, testCases: 4 },
    optimizer: { name: "adam", learningRate: 0.001 },
    batchSize: 4,
    epochs: failed ? 0 : 10,
    steps: failed ? 2 : 40,
    stepMs: failed ? null : { p50: step, mean: step * 1.05 },
    epochMs: failed ? null : step * 4,
    plateau: failed || spec.plateauMs === null ? null : { step: 24, ms: spec.plateauMs ?? step * 24 },
    totalMs: spec.totalMs ?? step * 40 + 500,
    peakRssMb: spec.peakRssMb === undefined ? 210 : spec.peakRssMb,
    loss: failed ? null : { first: 0.9, last: 0.2 },
    before: { meanDice: spec.before ?? 0.41, meanNsd: (spec.before ?? 0.41) - 0.02 },
    after: failed ? null : { meanDice: spec.after ?? 0.83, meanNsd: (spec.after ?? 0.83) - 0.02 },
  };
}

/** A result document that passes resultDocumentSchema, shaped by the few numbers a test cares about. */
export function resultDocument(spec: DocSpec = {}): ResultDocument {
  const organDice = spec.organDice ?? { liver: 0.9, spleen: 0.8 };
  const organs = Object.entries(organDice);
  const meanDice = organs.reduce((sum, [, d]) => sum + d, 0) / organs.length;
  const perCaseMeanMs = spec.perCaseMeanMs ?? 1200;
  const cases = ["case_001", "case_002"].map((caseId) => ({
    caseId,
    slices: 40,
    organs: Object.fromEntries(
      organs.map(([organ, dice], i) => [organ, { labelValue: i + 1, dice, nsd: dice - 0.05, hd95: 3.5 }]),
    ),
    timing: {
      readMs: 10,
      preprocessMs: 20,
      inferMs: perCaseMeanMs - 40,
      postprocessMs: 10,
      totalMs: perCaseMeanMs,
    },
  }));
  const latency = {
    count: 200,
    durationMs: 60000,
    p50: 25,
    p90: 30,
    p99: 41,
    mean: 26,
    std: 3,
    min: 20,
    max: 50,
  };
  return resultDocumentSchema.parse({
    schemaVersion: 1,
    resultId: spec.resultId ?? randomUUID(),
    createdAt: spec.createdAt ?? "2026-11-20T10:00:00.000Z",
    agentVersion: "0.1.0",
    status: spec.status ?? "succeeded",
    // A failed run says why and is INVALID (the document's cross-field rules).
    failure:
      spec.status === "failed"
        ? { reason: "crash", message: "the run died", exitCode: null, signal: "SIGKILL" }
        : null,
    suite: { id: "standard", version: "1", sha256: spec.suiteSha256 ?? SUITE_SHA },
    model: {
      id: spec.modelId ?? "unet-small",
      version: spec.modelVersion ?? "1.0.0",
      family: "target-specific",
      pipeline: "semantic-2d",
      manifestSha256: "c".repeat(64),
      files: [{ role: "model", sha256: "d".repeat(64) }],
      fineTuning: { supported: false, notes: "" },
    },
    dataset: { id: "phantom", sha256: "e".repeat(64), cases: 2, spacingMm: "1x1x2.5" },
    device: {
      cpuModel: "Cortex-A72",
      cores: 4,
      arch: "arm64",
      platform: "linux",
      ramMb: 3800,
      os: "Debian 12",
      kernel: "6.1.0",
      nodeVersion: "20.20.2",
      onnxruntimeVersion: "1.30.0",
      boardModel: "Raspberry Pi 4 Model B",
      deviceClass: { id: "raspberry-pi-4", name: "Raspberry Pi 4", matchedRule: "board" },
    },
    runtime: {
      backend: spec.backend ?? "node",
      backendReason: "native build available",
      requestedExecutionProviders: ["cpu"],
      executionProvider: "cpu",
      intraOpThreads: 4,
      graphOptimizationLevel: "all",
      memoryArena: false,
      memoryPattern: true,
      onnxruntimeVersion: "1.30.0",
    },
    scenario: {
      singleStream: { minDurationMs: 60000, minQueries: 100, maxDurationMs: 600000 },
      offline: { batchSize: 4, minQueries: 100 },
      warmupQueries: 5,
      nsdToleranceMm: 2,
      maxCases: spec.maxCases ?? null,
    },
    accuracy: {
      cases,
      organs: Object.fromEntries(
        organs.map(([organ, dice]) => [organ, { n: 2, meanDice: dice, meanNsd: dice - 0.05, meanHd95: 3.5 }]),
      ),
      meanDice,
      meanNsd: meanDice - 0.05,
    },
    timing: {
      sessionCreateMs: 300,
      firstInferenceMs: 90,
      singleStream: { ...latency, verdict: spec.verdict ?? "VALID", reasons: [] },
      offline: null,
      perCase: { count: 2, meanMs: perCaseMeanMs, p50Ms: perCaseMeanMs, maxMs: perCaseMeanMs },
      ...(spec.stability
        ? {
            repeats: {
              p50Ms: spec.stability === "STABLE" ? [25, 25.2, 24.9] : [25, 31, 22],
              p90Ms: [30, 30, 30],
              medianP50Ms: 25,
              medianP90Ms: 30,
              cov: spec.stability === "STABLE" ? 0.006 : 0.17,
              stability: spec.stability,
              reason: spec.stability === "STABLE" ? null : "p50 CoV 17 % over 3 repeats exceeds 3.5 %",
            },
          }
        : {}),
    },
    resources: {
      // The cases run inside the measured process: its wall time covers them.
      wallMs: Math.max(70000, 2 * perCaseMeanMs + 10000),
      peakRssMb: spec.peakRssMb ?? 412,
      cpuUserMs: 120000,
      cpuSystemMs: 3000,
      cpuUtilisation: 1.8,
      temperatureC: { before: 45, max: 71, after: 60 },
      frequencyMhz: { before: 1500, min: 1500, max: 1500, after: 1500 },
      throttling: {
        observed: spec.throttled === undefined ? false : spec.throttled,
        source: "vcgencmd get_throttled",
        flags: spec.throttled === null ? null : spec.throttled ? "0x50005" : "0x0",
      },
    },
    ...(spec.egressBytes === null
      ? {}
      : {
          egress: {
            bytesOut: spec.egressBytes ?? 20_000,
            messages: 12,
            largestMessageBytes: 9_000,
            mqtt: { messages: 12, bytes: spec.egressBytes ?? 20_000 },
            http: { messages: 0, bytes: 0 },
            window: { from: "2026-11-20T09:58:00.000Z", to: "2026-11-20T10:00:00.000Z" },
            idle: { messages: 3, bytes: 600, seconds: 30 },
          },
        }),
    ...(spec.fineTuning ? { fineTuning: spec.fineTuning } : {}),
    validity:
      spec.status === "failed"
        ? { verdict: "INVALID", reasons: ["crash: the run died"] }
        : {
            verdict: spec.verdict ?? "VALID",
            reasons: spec.verdict === "INVALID" ? ["too few queries"] : [],
          },
  });
}
