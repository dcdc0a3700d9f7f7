import { describe, expect, it } from "vitest";
import { classFigure } from "../fleet/class-figure.ts";
import { deviceFigure } from "../fleet/device-figure.ts";
import { fleetSummary } from "../fleet/fleet-summary.ts";
import type { MeasuredFineTuning } from "../summary.ts";
import { run } from "../testing/fleet.ts";
import { testPolicy } from "../testing/policy.ts";
import { makeSummary } from "../testing/summary.ts";
import { evaluateDataLocality } from "./data-locality.ts";
import { evaluateFineTuning } from "./fine-tuning.ts";

describe("evaluateDataLocality", () => {
  const policy = testPolicy(); // 256 KB per job

  it("passes an audited on-device run under the bound, with the bytes it sent", () => {
    expect(evaluateDataLocality(makeSummary("m", { egressBytes: 18_460 }), policy)).toEqual({
      status: "pass",
      value: "verified: 18.5 KB numbers only",
      detail:
        "Every run carries an egress audit; no job sent more than 18.5 KB in at most 12 messages, the largest 9 KB (bound 256 KB), and the result documents hold numbers and identifiers only.",
    });
    expect(evaluateDataLocality(makeSummary("m", { egressBytes: 256_000 }), policy).status).toBe("pass");
  });

  it("fails a run without an audit, and one that sent more than the bound", () => {
    const none = evaluateDataLocality(makeSummary("m", { egressBytes: null }), policy);
    expect([none.status, none.value]).toEqual(["fail", "no egress audit"]);
    const big = evaluateDataLocality(makeSummary("m", { egressBytes: 600_000 }), policy);
    expect([big.status, big.value]).toEqual(["fail", "600 KB sent in one job (bound 256 KB)"]);
    const tighter = evaluateDataLocality(makeSummary("m", { egressBytes: 30_000 }), {
      ...policy,
      egressBoundKb: 20,
    });
    expect(tighter.status).toBe("fail");
  });

  it("fails an off-device result and is unknown without provenance", () => {
    expect(evaluateDataLocality(makeSummary("m", { executedOnDevice: false }), policy).status).toBe("fail");
    expect(evaluateDataLocality(makeSummary("m", { executedOnDevice: null }), policy).status).toBe("unknown");
  });

  it("judges a fleet by every counted run's audit", () => {
    const audited = [run({ egressBytes: 12_000 }), run({ egressBytes: 19_000 })];
    const ok = classFigure([
      deviceFigure("a", audited)!,
      deviceFigure("b", [run({ egressBytes: 15_000 })])!,
    ])!;
    const pass = evaluateDataLocality(fleetSummary(model, ok, null), policy);
    expect([pass.status, pass.value]).toEqual(["pass", "verified: 19 KB numbers only"]);
    const gap = classFigure([deviceFigure("a", audited)!, deviceFigure("b", [run({ egressBytes: null })])!])!;
    const fail = evaluateDataLocality(fleetSummary(model, gap, null), policy);
    expect([fail.status, fail.value]).toEqual(["fail", "1 of 3 runs without an egress audit"]);
  });
});

const model = { id: "m", version: "1.0.0", family: null, fineTuning: null };

describe("evaluateFineTuning", () => {
  // 1024 MB class, default budget 480 min = 8 h, fleet quantile 0.9.
  const policy = testPolicy();
  const tuned: MeasuredFineTuning = {
    status: "succeeded",
    failure: null,
    stepMs: 12,
    plateauMs: 600_000, // 10 min
    peakRssMb: 300,
    diceBefore: 0.41,
    diceAfter: 0.83,
  };
  const single = (run: MeasuredFineTuning | null, claim = { supported: false, notes: "" }) =>
    evaluateFineTuning(makeSummary("m", { fineTuningRun: run, model: { fineTuning: claim } }), policy);

  it("passes a measured fine-tuning within memory and one night with a DSC gain, and shows the numbers", () => {
    expect(single(tuned)).toEqual({
      status: "pass",
      value: "step 12 ms; plateau 10 min of 8 h; peak 300 MB of 1024 MB; DSC 0.41 → 0.83 (+0.42)",
      detail:
        "Fine-tuning fits the 1024 MB memory budget and reaches its plateau within 8 h, and raises the new site's DSC by 0.42. Measured on the device. The manifest claims it cannot be fine-tuned on the device — a claim, not a measurement.",
    });
    // Budgets are inclusive: exactly 8 h and exactly 1024 MB pass.
    expect(single({ ...tuned, plateauMs: 480 * 60_000, peakRssMb: 1024 }).status).toBe("pass");
  });

  it("fails out of memory, with the reason, whatever the manifest claims", () => {
    const r = single(
      { ...tuned, status: "failed", failure: "out-of-memory", peakRssMb: 1024, diceAfter: null },
      { supported: true, notes: "decoder only" },
    );
    expect(r.status).toBe("fail");
    expect(r.value).toBe("out of memory; peak 1024 MB of 1024 MB");
    expect(r.detail).toContain("Fine-tuning ran out of memory.");
    expect(r.detail).toContain(
      "The manifest claims it can be fine-tuned on the device (“decoder only”) — a claim",
    );
    // A peak over the budget fails the same part without an out-of-memory failure.
    const heavy = single({ ...tuned, peakRssMb: 1100 });
    expect([heavy.status, heavy.detail]).toEqual([
      "fail",
      expect.stringContaining("Fine-tuning's peak memory 1100 MB exceeds the 1024 MB budget."),
    ]);
  });

  it("fails over the time budget, without an accuracy gain, and when the fine-tuning crashed", () => {
    const slow = single({ ...tuned, plateauMs: 9 * 3_600_000 });
    expect([slow.status, slow.value]).toEqual([
      "fail",
      "step 12 ms; plateau 9 h of 8 h; peak 300 MB of 1024 MB; DSC 0.41 → 0.83 (+0.42)",
    ]);
    expect(slow.detail).toContain("Time to plateau 9 h is over the 8 h budget.");
    expect(single({ ...tuned, plateauMs: 9 * 3_600_000 }).status).toBe("fail");
    const tighter = evaluateFineTuning(
      makeSummary("m", { fineTuningRun: tuned }),
      testPolicy({ fineTuningBudgetMinutes: 5 }),
    );
    expect(tighter.status).toBe("fail");
    const flat = single({ ...tuned, diceAfter: 0.4 });
    expect([flat.status, flat.value]).toEqual([
      "fail",
      "step 12 ms; plateau 10 min of 8 h; peak 300 MB of 1024 MB; DSC 0.41 → 0.4 (−0.01)",
    ]);
    expect(flat.detail).toContain("No accuracy gain: the new site's DSC went from 0.41 to 0.4.");
    const crashed = single({ ...tuned, status: "failed", failure: "crash", diceAfter: null });
    expect([crashed.status, crashed.detail]).toEqual([
      "fail",
      expect.stringContaining("Fine-tuning failed (crash)."),
    ]);
  });

  it("is not measured (unknown, not pass) when no device ran it, and shows the manifest's claim as a claim", () => {
    expect(single(null, { supported: true, notes: "Decoder only, ~20 min on a Pi 5." })).toEqual({
      status: "unknown",
      value: "not measured",
      detail:
        "No device of the class has run the fine-tuning benchmark for this model, so its cost on the device is not known. The manifest claims it can be fine-tuned on the device (“Decoder only, ~20 min on a Pi 5.”) — a claim, not a measurement.",
    });
    const noManifest = evaluateFineTuning(makeSummary("m", { model: { fineTuning: null } }), policy);
    expect([noManifest.status, noManifest.detail]).toEqual([
      "unknown",
      expect.stringContaining("manifest is not available"),
    ]);
    const fleet = classFigure([deviceFigure("a", [run()])!, deviceFigure("b", [run()])!])!;
    expect(evaluateFineTuning(fleetSummary(model, fleet, null), policy).value).toBe("not measured");
  });

  it("judges a fleet per device at the quantile: 9 of 10 within one night passes at 90 %, 8 of 10 fails", () => {
    const tunedRun = (plateauMs: number) =>
      run({
        fineTuningStatus: "succeeded",
        fineTuningStepMs: 20,
        fineTuningPlateauMs: plateauMs,
        fineTuningPeakRssMb: 400,
        fineTuningDiceBefore: 0.5,
        fineTuningDiceAfter: 0.8,
      });
    const hour = 3_600_000;
    const fleetOf = (slow: number) =>
      classFigure([
        ...Array.from(
          { length: 10 },
          (_, i) => deviceFigure(`d${i}`, [tunedRun(i < slow ? 10 * hour : 2 * hour)])!,
        ),
        deviceFigure("untuned", [run()])!,
      ])!;
    const pass = evaluateFineTuning(fleetSummary(model, fleetOf(1), null), policy);
    expect(pass.status).toBe("pass");
    expect(pass.value).toBe("step 20 ms; plateau 2 h of 8 h; peak 400 MB of 1024 MB; DSC 0.5 → 0.8 (+0.3)");
    expect(pass.detail).toContain("Measured on 10 devices of 11.");
    expect(pass.detail).toContain("90 % of the class's devices must meet the budget");
    const fail = evaluateFineTuning(fleetSummary(model, fleetOf(2), null), policy);
    expect(fail.status).toBe("fail");
    expect(fail.detail).toContain("Over the 8 h budget: only 8 of 10 devices reach the plateau within it.");
    expect(
      evaluateFineTuning(fleetSummary(model, fleetOf(2), null), testPolicy({ fleetQuantile: 0.8 })).status,
    ).toBe("pass");
  });

  it("counts a device out of memory when more than half of its fine-tunings were", () => {
    const ok = run({
      fineTuningStatus: "succeeded",
      fineTuningStepMs: 20,
      fineTuningPlateauMs: 60_000,
      fineTuningPeakRssMb: 400,
      fineTuningDiceBefore: 0.5,
      fineTuningDiceAfter: 0.8,
    });
    const oom = () =>
      run({ fineTuningStatus: "failed", fineTuningFailure: "out-of-memory", fineTuningPeakRssMb: 1000 });
    const fleet = classFigure([
      deviceFigure("a", [ok, oom(), oom()])!, // 2 of 3 out of memory → out of memory
      deviceFigure("b", [{ ...ok, resultId: "b1" }, oom()])!, // 1 of 2 → not (median 700 MB within 1024)
    ])!;
    const r = evaluateFineTuning(fleetSummary(model, fleet, null), policy);
    expect(r.status).toBe("fail");
    expect(r.value.startsWith("out of memory on 1 of 2 devices; ")).toBe(true);
    expect(r.detail).toContain(
      "Only 1 of 2 devices keep fine-tuning within the 1024 MB budget (1 ran out of memory).",
    );
  });
});
