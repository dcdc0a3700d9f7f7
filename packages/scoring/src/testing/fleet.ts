import type { FleetRun } from "../fleet/device-figure.ts";

let counter = 0;

/** A VALID, succeeded, dispatched run; tests override what they are about. */
export function run(overrides: Partial<FleetRun> = {}): FleetRun {
  counter += 1;
  return {
    resultId: `r${String(counter).padStart(4, "0")}`,
    status: "succeeded",
    verdict: "VALID",
    rankable: true,
    backend: "node",
    stable: true,
    meanDice: 0.9,
    meanNsd: 0.85,
    minOrganDice: 0.7,
    minOrganNsd: 0.65,
    perCaseMeanMs: 1000,
    p50Ms: 10,
    p90Ms: 12,
    p99Ms: 15,
    peakRssMb: 400,
    throttled: false,
    egressBytes: 20_000,
    egressMessages: 12,
    egressLargestBytes: 9_000,
    fineTuningStatus: null,
    fineTuningFailure: null,
    fineTuningStepMs: null,
    fineTuningPlateauMs: null,
    fineTuningPeakRssMb: null,
    fineTuningDiceBefore: null,
    fineTuningDiceAfter: null,
    energyPerCaseJ: null,
    ramGbS: null,
    p50Cov: 0.01,
    createdAt: new Date(Date.UTC(2026, 10, 1, 0, 0, counter)),
    ...overrides,
  };
}
