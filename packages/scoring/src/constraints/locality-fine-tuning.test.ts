import { describe, expect, it } from "vitest";
import { classFigure } from "../fleet/class-figure.ts";
import { deviceFigure } from "../fleet/device-figure.ts";
import { run } from "../fleet/fleet.test-helper.ts";
import { fleetSummary } from "../fleet/fleet-summary.ts";
import { makeSummary } from "../summary.test-helper.ts";
import { evaluateDataLocality } from "./data-locality.ts";
import { evaluateFineTuning } from "./fine-tuning.ts";
import { testPolicy } from "./policy.test-helper.ts";

describe("evaluateDataLocality", () => {
  const policy = testPolicy(); // 256 KB per job

  it("passes an audited on-device run under the bound, with the bytes it sent", () => {
    expect(evaluateDataLocality(makeSummary("m", { egressBytes: 18_460 }), policy)).toEqual({
      status: "pass",
      value: "verified: at most 18.5 KB per job, numbers only",
      detail:
        "Every run carries an egress audit; no job sent more than 18.5 KB (bound 256 KB), and the result documents hold numbers and identifiers only.",
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
    expect([pass.status, pass.value]).toEqual(["pass", "verified: at most 19 KB per job, numbers only"]);
    const gap = classFigure([deviceFigure("a", audited)!, deviceFigure("b", [run({ egressBytes: null })])!])!;
    const fail = evaluateDataLocality(fleetSummary(model, gap, null), policy);
    expect([fail.status, fail.value]).toEqual(["fail", "1 of 3 runs without an egress audit"]);
  });
});

const model = { id: "m", version: "1.0.0", family: null, fineTuning: null };

describe("evaluateFineTuning", () => {
  it("passes when the manifest says supported, and shows its notes", () => {
    const r = evaluateFineTuning(
      makeSummary("m", {
        model: { fineTuning: { supported: true, notes: "Decoder only, ~20 min on a Pi 5." } },
      }),
    );
    expect(r).toEqual({
      status: "pass",
      value: "supported on-device",
      detail: "Decoder only, ~20 min on a Pi 5.",
    });
  });

  it("fails when the manifest says not supported", () => {
    const r = evaluateFineTuning(
      makeSummary("m", { model: { fineTuning: { supported: false, notes: " " } } }),
    );
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("The manifest states that the model cannot be fine-tuned on the device.");
  });

  it("is unknown when the manifest is not available", () => {
    expect(evaluateFineTuning(makeSummary("m", { model: { fineTuning: null } })).status).toBe("unknown");
  });
});
