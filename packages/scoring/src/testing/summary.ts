import type { ModelRunSummary } from "../summary.ts";

type Overrides = Partial<Omit<ModelRunSummary, "model">> & { model?: Partial<ModelRunSummary["model"]> };

/** A VALID, fully reported run; tests override what they are about. */
export function makeSummary(id: string, overrides: Overrides = {}): ModelRunSummary {
  const { model, ...rest } = overrides;
  return {
    model: {
      id,
      version: "1.0.0",
      family: "target-specific",
      fineTuning: { supported: false, notes: "" },
      ...model,
    },
    resultId: `result-${id}`,
    status: "succeeded",
    verdict: "VALID",
    verdictReasons: [],
    meanDice: 0.9,
    meanNsd: 0.8,
    perOrgan: { liver: { meanDice: 0.95, meanNsd: 0.9 }, pancreas: { meanDice: 0.75, meanNsd: 0.72 } },
    perCaseMeanMs: 60_000,
    p50Ms: 30,
    p90Ms: 35,
    p99Ms: 41,
    peakRssMb: 512,
    throttled: false,
    executedOnDevice: true,
    egressBytes: 20_000,
    egressMessages: 12,
    egressLargestBytes: 9_000,
    fineTuningRun: null,
    fleet: null,
    ...rest,
  };
}
