import { describe, expect, it } from "vitest";
import { makeSummary } from "../summary.test-helper.ts";
import { evaluateDataLocality } from "./data-locality.ts";
import { evaluateFineTuning } from "./fine-tuning.ts";

describe("evaluateDataLocality", () => {
  it("passes an on-device agent result, fails an off-device one, and is unknown without provenance", () => {
    expect(evaluateDataLocality(makeSummary("m", { executedOnDevice: true })).status).toBe("pass");
    expect(evaluateDataLocality(makeSummary("m", { executedOnDevice: false })).status).toBe("fail");
    expect(evaluateDataLocality(makeSummary("m", { executedOnDevice: null })).status).toBe("unknown");
  });
});

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
