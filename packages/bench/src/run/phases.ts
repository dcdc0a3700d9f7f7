import type { InferenceQuery } from "@edgeseg/engine-core";
import type { Resources } from "@edgeseg/protocol";
import { type EnergyTrace, epochMs } from "../isolation/index.ts";
import type { Engine } from "./engine.ts";

/** A stretch of the run on the epoch clock both processes share (isolation/epoch.ts). */
export interface PhaseWindow {
  startMs: number;
  endMs: number;
}

/** When the child did what, so the parent can split the run's energy by phase. */
export interface RunPhases {
  /** Each case's end-to-end window: exactly the stretch its per-case time (timing.totalMs) covers. */
  cases: PhaseWindow[];
  /** From the first SingleStream query (warm-up included) to the start of Offline, and its queries. */
  singleStream: (PhaseWindow & { queries: number }) | null;
}

/**
 * Wraps an engine so the SingleStream phase marks its own window: the first call of a prepared query
 * opens it, preparing the Offline batch (or the end of the scenarios) closes it, and every query
 * called in between is counted. Inside the timed region this adds one counter increment per query
 * and no clock read (the first query's clock read falls in warm-up, which is not timed).
 */
export function meterSingleStream(engine: Engine): {
  engine: Engine;
  window: () => RunPhases["singleStream"];
  /** Queries issued so far (warm-up included), when the first was, and whether Offline has begun. */
  status: () => { queries: number; startMs: number | null; ended: boolean };
} {
  let startMs: number | null = null;
  let endMs: number | null = null;
  let queries = 0;
  const close = () => {
    if (startMs !== null && endMs === null) endMs = epochMs();
  };
  const count =
    (query: InferenceQuery): InferenceQuery =>
    () => {
      if (startMs === null) startMs = epochMs();
      queries++;
      return query();
    };
  const metered: Engine = {
    sessionCreateMs: engine.sessionCreateMs,
    executionProvider: engine.executionProvider,
    requestedFallbacks: engine.requestedFallbacks,
    maxBatch: engine.maxBatch,
    segment: (...args) => engine.segment(...args),
    prepareQueries: (...args) => engine.prepareQueries(...args).map(count),
    prepareBatch: (...args) => {
      close();
      return engine.prepareBatch(...args);
    },
    release: () => engine.release(),
    ...(engine.promptableTotals ? { promptableTotals: engine.promptableTotals } : {}),
  };
  return {
    engine: metered,
    status: () => ({ queries, startMs, ended: endMs !== null }),
    window: () => {
      close();
      return startMs === null || endMs === null ? null : { startMs, endMs, queries };
    },
  };
}

/**
 * Energy per case (mean over cases of the energy in each case's per-case window) and per inference
 * (energy of the SingleStream window over the queries issued in it), from the parent's energy trace.
 * Left null where there is no sensor or a window is not covered by samples.
 */
export function withPhaseEnergy(
  energy: Resources["energy"],
  trace: EnergyTrace | null,
  phases: RunPhases,
): Resources["energy"] {
  if (!energy?.available || !trace) return energy;
  const perCase = phases.cases.map((w) => trace.between(w.startMs, w.endMs));
  const perCaseJ =
    perCase.length > 0 && perCase.every((j) => j !== null)
      ? perCase.reduce((a, b) => a! + b!, 0)! / perCase.length
      : null;
  const ss = phases.singleStream;
  const ssJ = ss && ss.queries > 0 ? trace.between(ss.startMs, ss.endMs) : null;
  return { ...energy, perCaseJ, perInferenceJ: ssJ === null ? null : ssJ / ss!.queries };
}
