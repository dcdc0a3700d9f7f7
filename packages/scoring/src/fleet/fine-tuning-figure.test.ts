import { describe, expect, it } from "vitest";
import { run } from "../testing/fleet.ts";
import { classFigure } from "./class-figure.ts";
import { deviceFigure, type FleetRun } from "./device-figure.ts";

/** A run whose fine-tuning succeeded with these numbers. */
const tuned = (step: number, plateau: number, peak: number, before: number, after: number): FleetRun =>
  run({
    fineTuningStatus: "succeeded",
    fineTuningStepMs: step,
    fineTuningPlateauMs: plateau,
    fineTuningPeakRssMb: peak,
    fineTuningDiceBefore: before,
    fineTuningDiceAfter: after,
  });

/** A run whose fine-tuning failed: its agent still reported the peak it reached and the time spent. */
const failedTuning = (reason: string, peak: number | null): FleetRun =>
  run({
    fineTuningStatus: "failed",
    fineTuningFailure: reason,
    fineTuningStepMs: 40,
    fineTuningPlateauMs: 900,
    fineTuningPeakRssMb: peak,
    fineTuningDiceBefore: 0.4,
    fineTuningDiceAfter: null,
  });

describe("deviceFigure: fine-tuning", () => {
  it("medians times and DSC over succeeded fine-tunings, peak memory over every one, and counts failures", () => {
    const d = deviceFigure("pi", [
      tuned(10, 60_000, 300, 0.4, 0.8),
      tuned(14, 90_000, 320, 0.42, 0.84),
      tuned(12, 75_000, 310, 0.41, 0.82),
      failedTuning("out-of-memory", 1000),
      failedTuning("crash", null),
      run(), // an inference run without a fine-tuning block
    ])!;
    expect([d.runs, d.fineTuningRuns, d.fineTuningFailedRuns, d.fineTuningOutOfMemoryRuns]).toEqual([
      6, 5, 2, 1,
    ]);
    expect(d.fineTuningStepMs).toBe(12); // 10, 12, 14: failed runs' 40 ms left out
    expect(d.fineTuningPlateauMs).toBe(75_000);
    expect(d.fineTuningPeakRssMb).toBe(315); // 300, 310, 320, 1000 → (310 + 320) / 2
    expect(d.fineTuningDiceBefore).toBe(0.41);
    expect(d.fineTuningDiceAfter).toBe(0.82);
  });

  it("has no fine-tuning figure for a device that never fine-tuned", () => {
    const d = deviceFigure("pi", [run(), run()])!;
    expect([d.fineTuningRuns, d.fineTuningStepMs, d.fineTuningPeakRssMb]).toEqual([0, null, null]);
  });

  it("keeps the egress audit's most messages and largest message", () => {
    const d = deviceFigure("pi", [
      run({ egressBytes: 20_000, egressMessages: 12, egressLargestBytes: 9_000 }),
      run({ egressBytes: 15_000, egressMessages: 17, egressLargestBytes: 4_000 }),
      run({ egressBytes: null, egressMessages: null, egressLargestBytes: null }),
    ])!;
    expect([d.egressAuditedRuns, d.egressMaxBytes, d.egressMaxMessages, d.egressLargestBytes]).toEqual([
      2, 20_000, 17, 9_000,
    ]);
  });
});

describe("classFigure: fine-tuning", () => {
  it("takes the median across devices and counts devices, runs and failures", () => {
    const fleet = classFigure([
      deviceFigure("a", [tuned(10, 60_000, 300, 0.4, 0.8)])!,
      deviceFigure("b", [tuned(20, 120_000, 500, 0.4, 0.9), failedTuning("out-of-memory", 900)])!,
      deviceFigure("c", [tuned(30, 240_000, 400, 0.5, 0.9)])!,
      deviceFigure("d", [run()])!,
    ])!;
    expect(fleet.fineTuning).toEqual({ devices: 3, runs: 4, failedRuns: 1, outOfMemoryRuns: 1 });
    expect(fleet.fineTuningStepMs).toMatchObject({ median: 20, min: 10, max: 30, devices: 3 });
    expect(fleet.fineTuningPlateauMs.median).toBe(120_000);
    expect(fleet.fineTuningPeakRssMb.median).toBe(400); // device b: (500 + 900) / 2 = 700
    expect(fleet.fineTuningPeakRssMb.max).toBe(700);
    expect([fleet.fineTuningDiceBefore.median, fleet.fineTuningDiceAfter.median]).toEqual([0.4, 0.9]);
    expect(fleet.egress).toMatchObject({ maxMessages: 12, largestMessageBytes: 9_000 });
  });
});
