import type { ModelRunSummary, OrganSummary } from "../summary.ts";
import type { ClassFigure } from "./class-figure.ts";

/** What the fleet statistic needs besides the numbers: the model's catalogue facts. */
export interface FleetModel {
  id: string;
  version: string;
  family: ModelRunSummary["model"]["family"];
  fineTuning: ModelRunSummary["model"]["fineTuning"];
}

/**
 * A model's summary on one device class from its fleet figure: every number is the median across the
 * class's devices (a typical device, not the best run); per-organ means come from the representative
 * device's median run (accuracy does not depend on the device; consistencyFlags checks that it does
 * not). Only VALID, succeeded, dispatched runs make a figure, hence status and verdict.
 */
export function fleetSummary(
  model: FleetModel,
  figure: ClassFigure,
  perOrgan: Record<string, OrganSummary> | null,
): ModelRunSummary {
  return {
    model: { ...model, fineTuning: model.fineTuning ? { ...model.fineTuning } : null },
    resultId: figure.representative?.resultId ?? null,
    status: "succeeded",
    verdict: "VALID",
    verdictReasons: [],
    meanDice: figure.meanDice.median,
    meanNsd: figure.meanNsd.median,
    perOrgan,
    perCaseMeanMs: figure.perCaseMeanMs.median,
    p50Ms: figure.p50Ms.median,
    p90Ms: figure.p90Ms.median,
    p99Ms: figure.p99Ms.median,
    peakRssMb: figure.peakRssMb.median,
    throttled: figure.throttle.known === 0 ? null : figure.throttle.throttling > 0,
    executedOnDevice: true,
    egressBytes: figure.egress.maxBytes,
    egressMessages: figure.egress.maxMessages,
    egressLargestBytes: figure.egress.largestMessageBytes,
    fineTuningRun: null,
    fleet: figure,
  };
}
