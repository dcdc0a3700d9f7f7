import { randomUUID } from "node:crypto";
import { exampleResultDocument, type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";

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

/**
 * A result document that passes resultDocumentSchema, shaped by the few numbers a test cares about.
 * It is packages/protocol's example document (`exampleResultDocument`, the one docs/protocol.md prints)
 * with this package's test identities and the spec's numbers set on a copy, so a field the schema
 * gains is added to the example once. The identities the queries compare with the catalogue: model
 * unet-small@1.0.0 (manifest c…, file d…), dataset e…, suite SUITE_SHA; the scenario a job's overrides
 * are checked against: single-stream at least 100 queries.
 */
export function resultDocument(spec: DocSpec = {}): ResultDocument {
  const doc = structuredClone(exampleResultDocument);
  const organs = Object.entries(spec.organDice ?? { liver: 0.9, spleen: 0.8 });
  const meanDice = organs.reduce((sum, [, d]) => sum + d, 0) / organs.length;
  const perCaseMeanMs = spec.perCaseMeanMs ?? 1200;
  const failed = spec.status === "failed";
  const verdict = failed ? "INVALID" : (spec.verdict ?? "VALID");

  doc.resultId = spec.resultId ?? randomUUID();
  doc.createdAt = spec.createdAt ?? "2026-11-20T10:00:00.000Z";
  doc.status = failed ? "failed" : "succeeded";
  // A failed run says why and is INVALID (the document's cross-field rules).
  doc.failure = failed
    ? { reason: "crash", message: "the run died", exitCode: null, signal: "SIGKILL" }
    : null;
  doc.suite = { ...doc.suite!, sha256: spec.suiteSha256 ?? SUITE_SHA };
  doc.model.id = spec.modelId ?? "unet-small";
  doc.model.version = spec.modelVersion ?? "1.0.0";
  doc.model.manifestSha256 = "c".repeat(64);
  doc.model.files = [{ role: "model", sha256: "d".repeat(64) }];
  doc.dataset.sha256 = "e".repeat(64);
  doc.runtime.backend = spec.backend ?? "node";
  doc.scenario.singleStream.minQueries = 100;
  doc.scenario.maxCases = spec.maxCases ?? null;

  doc.accuracy = {
    cases: exampleResultDocument.accuracy!.cases.map((c) => ({
      ...structuredClone(c),
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
    })),
    organs: Object.fromEntries(
      organs.map(([organ, dice]) => [organ, { n: 2, meanDice: dice, meanNsd: dice - 0.05, meanHd95: 3.5 }]),
    ),
    meanDice,
    meanNsd: meanDice - 0.05,
  };

  const timing = doc.timing!;
  timing.singleStream = {
    ...timing.singleStream,
    p50: 25,
    p90: 30,
    p99: 41,
    mean: 26,
    min: 20,
    max: 50,
    verdict: spec.verdict ?? "VALID",
    reasons: [],
  };
  timing.perCase = { count: 2, meanMs: perCaseMeanMs, p50Ms: perCaseMeanMs, maxMs: perCaseMeanMs };
  if (spec.stability) {
    const stable = spec.stability === "STABLE";
    timing.repeats = {
      p50Ms: stable ? [25, 25.2, 24.9] : [25, 31, 22],
      p90Ms: [30, 30, 30],
      medianP50Ms: 25,
      medianP90Ms: 30,
      cov: stable ? 0.006 : 0.17,
      stability: spec.stability,
      reason: stable ? null : "p50 CoV 17 % over 3 repeats exceeds 3.5 %",
    };
  }

  const resources = doc.resources!;
  // The cases run inside the measured process: its wall time covers them.
  resources.wallMs = Math.max(resources.wallMs, 2 * perCaseMeanMs + 10000);
  resources.peakRssMb = spec.peakRssMb ?? 412;
  resources.throttling = {
    ...resources.throttling,
    observed: spec.throttled === undefined ? false : spec.throttled,
    flags: spec.throttled === null ? null : spec.throttled ? "0x50005" : "0x0",
  };

  if (spec.egressBytes !== null) {
    const bytes = spec.egressBytes ?? 20_000;
    doc.egress = {
      bytesOut: bytes,
      messages: 12,
      largestMessageBytes: 9_000,
      mqtt: { messages: 12, bytes },
      http: { messages: 0, bytes: 0 },
      window: { from: "2026-11-20T09:58:00.000Z", to: "2026-11-20T10:00:00.000Z" },
      idle: { messages: 3, bytes: 600, seconds: 30 },
    };
  }
  if (spec.fineTuning) doc.fineTuning = spec.fineTuning;
  doc.validity = failed
    ? { verdict, reasons: ["crash: the run died"] }
    : { verdict, reasons: verdict === "INVALID" ? ["too few queries"] : [] };
  return resultDocumentSchema.parse(doc);
}
