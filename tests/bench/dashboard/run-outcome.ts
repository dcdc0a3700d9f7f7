import type { ModelTraits, SuiteTraits } from "./catalogue.ts";
import type { SimDevice } from "./fleet.ts";
import type { Rng } from "./prng.ts";

/** What one simulated run measured, before it is written up as a result document. */
export interface RunOutcome {
  failure: { reason: "crash" | "out-of-memory" | "timeout"; message: string; signal: string | null } | null;
  /** Validity reasons (empty when VALID). */
  reasons: string[];
  perCaseMs: number;
  /** SingleStream: one query is one slice (2D) or one patch (3D). */
  queryMs: number;
  queries: number;
  peakRssMb: number;
  throttled: boolean | null;
  tempMaxC: number | null;
  /** Per organ (ORGANS order): mean DSC and NSD over the cases. */
  organDice: number[];
}

const clamp01 = (v: number) => Math.min(1, Math.max(0, v));
// The suites' SingleStream rules: at least 100 queries, capped at 30 s (packages/suites standard-v1).
const MIN_QUERIES = 100;
const MAX_DURATION_MS = 30_000;

/**
 * One run of `model` on `device`: time scales with the class's speed (×4 on WASM, ×1.25 when
 * throttled); a model whose peak memory passes ~85% of the device's RAM is killed out of memory; a
 * run too slow for 100 SingleStream queries in 30 s is INVALID, as are a few disturbed runs.
 * Accuracy barely varies between devices (same graph, same data), as in practice.
 */
export function simulateRun(
  rng: Rng,
  device: SimDevice,
  model: ModelTraits,
  suite: SuiteTraits,
  organOffsets: readonly number[],
): RunOutcome {
  const wasm = device.backend === "wasm";
  // Resident memory cannot outgrow the device's RAM (the rest is swapped out or the run is killed).
  const peakRssMb = Math.min(
    device.ramMb * 0.98,
    (model.peakMb * (wasm ? 1.3 : 1) + 60) * Math.exp(0.03 * rng.normal()),
  );
  const throttleP = device.cls.throttle;
  const throttled = throttleP === null ? null : rng.chance(throttleP * (model.baseMs > 2000 ? 2 : 1));
  const caseScale = suite.dataset.cases > 4 ? 1.4 : 1;
  const perCaseMs =
    model.baseMs *
    caseScale *
    device.cls.speed *
    (wasm ? 4 : 1) *
    (throttled ? 1.25 : 1) *
    Math.exp(0.08 * rng.normal());
  const perQueryDivisor = model.pipeline === "semantic-3d-patch" ? 27 : 40;
  const queryMs = perCaseMs / perQueryDivisor;
  const queries = Math.max(MIN_QUERIES, Math.floor(5000 / queryMs));
  const tempMaxC = throttleP === null ? null : 55 + rng.next() * 15 + (throttled ? 12 : 0);
  const organDice = organOffsets.map((offset) => clamp01(model.quality + offset + 0.004 * rng.normal()));
  const base = { perCaseMs, queryMs, queries, peakRssMb, throttled, tempMaxC, organDice };
  if (peakRssMb > device.ramMb * 0.85 && rng.chance(0.9)) {
    const message = `child process killed at ${Math.round(device.ramMb * 0.93)} MB resident memory`;
    return { ...base, failure: { reason: "out-of-memory", message, signal: "SIGKILL" }, reasons: [] };
  }
  const roll = rng.next();
  if (roll < 0.006)
    return {
      ...base,
      failure: { reason: "crash", message: "onnxruntime aborted", signal: "SIGABRT" },
      reasons: [],
    };
  if (roll < 0.012)
    return { ...base, failure: { reason: "timeout", message: "job timed out", signal: null }, reasons: [] };
  const reasons: string[] = [];
  if (queryMs * MIN_QUERIES > MAX_DURATION_MS) {
    const done = Math.floor(MAX_DURATION_MS / queryMs);
    reasons.push(
      `SingleStream: ${done} queries in ${MAX_DURATION_MS} ms, fewer than the minimum ${MIN_QUERIES}`,
    );
  } else if (roll < 0.07) {
    reasons.push("SingleStream: p99 more than 3× p50, the run was disturbed");
  }
  return {
    ...base,
    failure: null,
    reasons,
    queries: reasons.length ? Math.floor(MAX_DURATION_MS / queryMs) : queries,
  };
}
