import { type CaseResult, exampleResultDocument, type ResultDocument } from "@edgeseg/protocol";
import { type ModelTraits, modelFileSha, modelManifestSha, ORGANS, type SuiteTraits } from "./catalogue.ts";
import type { SimDevice } from "./fleet.ts";
import type { RunOutcome } from "./run-outcome.ts";

const r3 = (v: number) => Math.round(v * 1000) / 1000;
/**
 * packages/protocol's example document (the one docs/protocol.md prints), copied once: every seeded
 * document is this shape with the simulated run's values, so a field the schema gains is added to the
 * example once. Copied once rather than per document (structuredClone costs ~30 µs, half a minute over
 * a million results); the documents share its untouched parts and are only serialised, never changed.
 */
const base = structuredClone(exampleResultDocument);
const r4 = (v: number) => Math.round(v * 10000) / 10000;

/**
 * The job's egress audit as the agent accounts it (docs/data-locality.md): MQTT packets only (no
 * artifact was fetched), a dozen or so progress and telemetry messages of a few hundred bytes and one
 * larger one, ~5–8 KB in all — the numbers a real standard-v1 job sends, far under the 256 KB bound.
 * Varies with the run (its query count) so the fleet figures are not all equal.
 */
function egressAudit(
  createdAt: Date,
  wallMs: number,
  queries: number,
): NonNullable<ResultDocument["egress"]> {
  const messages = 10 + (queries % 7);
  const largestMessageBytes = 1_800 + (queries % 5) * 120;
  const bytesOut = largestMessageBytes + (messages - 1) * 260;
  return {
    bytesOut,
    messages,
    largestMessageBytes,
    mqtt: { messages, bytes: bytesOut },
    http: { messages: 0, bytes: 0 },
    window: {
      from: new Date(createdAt.getTime() - Math.ceil(wallMs)).toISOString(),
      to: createdAt.toISOString(),
    },
    idle: { messages: 2, bytes: 180, seconds: 30 },
  };
}

/**
 * The result document an agent would publish for `run` (packages/protocol resultDocumentSchema): the
 * example document with this run's values.
 * `cases` per-case entries are written (0 keeps only the per-organ aggregates: the per-case part is
 * most of a real document's bytes, and no ranking reads it).
 */
export function resultDocument(
  resultId: string,
  createdAt: Date,
  device: SimDevice,
  model: ModelTraits,
  suite: SuiteTraits,
  run: RunOutcome,
  cases: number,
): ResultDocument {
  const failed = run.failure !== null;
  const organs = ORGANS.map(([name], i) => {
    const dice = r4(run.organDice[i]!);
    return {
      name,
      label: ORGANS[i]![1],
      dice,
      nsd: r4(Math.max(0, dice - 0.04)),
      hd95: r3(2 + (1 - dice) * 30),
    };
  });
  // The document's means are the organ means' mean, unrounded (protocol's cross-field rules).
  const meanDice = organs.reduce((s, o) => s + o.dice, 0) / organs.length;
  const meanNsd = organs.reduce((s, o) => s + o.nsd, 0) / organs.length;
  const n = suite.dataset.cases;
  const perCase = r3(run.perCaseMs);
  const caseList: CaseResult[] = Array.from({ length: failed ? 0 : Math.min(cases, n) }, (_, i) => ({
    caseId: `case_${String(100 + i).padStart(3, "0")}`,
    slices: 40,
    organs: Object.fromEntries(
      organs.map((o) => [o.name, { labelValue: o.label, dice: o.dice, nsd: o.nsd, hd95: o.hd95 }]),
    ),
    timing: { readMs: 19, preprocessMs: 10, inferMs: r3(perCase - 40), postprocessMs: 11, totalMs: perCase },
  }));
  const q = run.queryMs;
  const durationMs = r3(run.queries * q);
  return {
    ...base,
    resultId,
    createdAt: createdAt.toISOString(),
    agentVersion: device.agentVersion,
    status: failed ? "failed" : "succeeded",
    failure: run.failure && {
      reason: run.failure.reason,
      message: run.failure.message,
      exitCode: run.failure.signal ? null : 1,
      signal: run.failure.signal,
    },
    suite: { id: suite.id, version: suite.version, sha256: suite.sha256 },
    model: {
      ...base.model,
      id: model.id,
      version: model.version,
      family: model.family,
      pipeline: model.pipeline,
      manifestSha256: modelManifestSha(model),
      files: [{ role: "model", sha256: modelFileSha(model) }],
      fineTuning: { supported: model.fineTuning, notes: "" },
    },
    dataset: {
      ...base.dataset,
      id: suite.dataset.id,
      sha256: suite.dataset.sha256,
      cases: n,
      spacingMm: suite.dataset.spacingMm,
    },
    device: device.info,
    runtime: {
      ...base.runtime,
      backend: device.backend,
      backendReason:
        device.backend === "wasm" ? "no onnxruntime-node build for arm" : "native build available",
      intraOpThreads: device.cls.cores,
      memoryArena: false,
    },
    scenario: {
      ...base.scenario,
      singleStream: { minDurationMs: 5000, minQueries: 100, maxDurationMs: 30000 },
    },
    accuracy: failed
      ? null
      : {
          ...base.accuracy,
          cases: caseList,
          organs: Object.fromEntries(
            // Listed cases are what the aggregates summarise; with none listed they stand for all n.
            organs.map((o) => [
              o.name,
              { n: caseList.length || n, meanDice: o.dice, meanNsd: o.nsd, meanHd95: o.hd95 },
            ]),
          ),
          meanDice,
          meanNsd,
        },
    timing: failed
      ? null
      : {
          ...base.timing,
          sessionCreateMs: r3(model.peakMb / 10),
          firstInferenceMs: r3(q * 3),
          singleStream: {
            count: run.queries,
            durationMs,
            p50: r3(q),
            p90: r3(q * 1.12),
            p99: r3(q * (run.throttled ? 1.8 : 1.35)),
            mean: r3(q * 1.04),
            std: r3(q * 0.08),
            min: r3(q * 0.9),
            max: r3(q * 2.1),
            verdict: run.reasons.length ? "INVALID" : "VALID",
            reasons: run.reasons,
          },
          offline: null,
          perCase:
            caseList.length > 0
              ? { count: caseList.length, meanMs: perCase, p50Ms: perCase, maxMs: perCase }
              : { count: n, meanMs: perCase, p50Ms: perCase, maxMs: r3(perCase * 1.1) },
        },
    resources: {
      ...base.resources,
      wallMs: r3(durationMs + perCase * n + 2000),
      peakRssMb: r3(run.peakRssMb),
      cpuUserMs: r3((durationMs + perCase * n) * 1.7),
      cpuSystemMs: r3((durationMs + perCase * n) * 0.05),
      cpuUtilisation: 1.75,
      temperatureC: {
        before: run.tempMaxC && r3(run.tempMaxC - 12),
        max: run.tempMaxC && r3(run.tempMaxC),
        after: run.tempMaxC && r3(run.tempMaxC - 4),
      },
      frequencyMhz: { before: null, min: null, max: null, after: null },
      throttling: {
        observed: run.throttled,
        source: run.throttled === null ? "not available on this platform" : "/sys thermal throttling flags",
        flags: run.throttled === null ? null : run.throttled ? "0x50005" : "0x0",
      },
    },
    validity: {
      verdict: failed || run.reasons.length ? "INVALID" : "VALID",
      reasons: failed ? [`run failed: ${run.failure!.reason}`] : run.reasons,
    },
    egress: egressAudit(createdAt, r3(durationMs + perCase * n + 2000), run.queries),
  };
}
