import { DEFAULT_ORGAN_THRESHOLDS } from "@edgeseg/scoring";
import { describe, expect, it } from "vitest";
import { formatOrganThresholds, parseOrganThresholds, parsePolicyForm } from "./policy-form.ts";

function form(fields: Record<string, string | string[]>): FormData {
  const data = new FormData();
  for (const [k, v] of Object.entries(fields)) for (const value of [v].flat()) data.append(k, value);
  return data;
}

const valid = {
  memoryBudgetMb: "1536",
  caseTimeBudgetS: "300",
  diceThreshold: "0.8",
  nsdThreshold: "0.75",
  weightAccuracy: "0.6",
  weightSpeed: "0.2",
  weightMemory: "0.15",
  weightFineTuning: "0.05",
  failPenalty: "0.5",
  fleetQuantile: "0.8",
  egressBoundKb: "128",
  fineTuningBudgetMinutes: "600",
  hard: ["resources", "accuracy"],
  organThresholds: "pancreas 0.7 0.65\n\n# comment\nliver 0.9 -",
};

describe("organ thresholds text", () => {
  it("round-trips the default thresholds", () => {
    expect(parseOrganThresholds(formatOrganThresholds(DEFAULT_ORGAN_THRESHOLDS))).toEqual(
      DEFAULT_ORGAN_THRESHOLDS,
    );
  });

  it("writes '-' for an unset metric and sorts organs", () => {
    expect(formatOrganThresholds({ spleen: { nsd: 0.6 }, liver: { dice: 0.9 } })).toBe(
      "liver 0.9 -\nspleen - 0.6",
    );
  });

  it("names the line that is not 'organ DSC NSD'", () => {
    expect(() => parseOrganThresholds("liver 0.9\n")).toThrow(/line 1 \("liver 0.9"\)/);
  });
});

describe("parsePolicyForm", () => {
  it("reads every field into a valid policy", () => {
    expect(parsePolicyForm(form(valid), "raspberry-pi-4")).toEqual({
      memoryBudgetMb: 1536,
      caseTimeBudgetS: 300,
      diceThreshold: 0.8,
      nsdThreshold: 0.75,
      organThresholds: { pancreas: { dice: 0.7, nsd: 0.65 }, liver: { dice: 0.9 } },
      weights: { accuracy: 0.6, speed: 0.2, memory: 0.15, fineTuning: 0.05 },
      failPenalty: 0.5,
      fleetQuantile: 0.8,
      egressBoundKb: 128,
      fineTuningBudgetMinutes: 600,
      hardConstraints: ["resources", "accuracy"],
    });
  });

  it("refuses out-of-range and empty values, naming the fields and the class", () => {
    const bad = form({ ...valid, diceThreshold: "1.2", memoryBudgetMb: "" });
    expect(() => parsePolicyForm(bad, "raspberry-pi-4")).toThrow(
      /device class raspberry-pi-4: .*memoryBudgetMb.*diceThreshold/,
    );
  });

  it("refuses a fine-tuning time budget that is zero, negative or empty, naming the field", () => {
    for (const value of ["0", "-480", "", "one night"]) {
      expect(() => parsePolicyForm(form({ ...valid, fineTuningBudgetMinutes: value }), "pi")).toThrow(
        /device class pi: fineTuningBudgetMinutes/,
      );
    }
  });

  it("refuses an unknown hard constraint", () => {
    expect(() => parsePolicyForm(form({ ...valid, hard: ["speed"] }), "x")).toThrow(
      /unknown hard constraint/,
    );
  });
});
