import { exampleResultDocument } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { summaryFromResultDocument } from "./summary.ts";

describe("summaryFromResultDocument", () => {
  it("takes the ranking's numbers from an agent's result document", () => {
    expect(summaryFromResultDocument(exampleResultDocument)).toEqual({
      model: {
        id: "unet2d-abdomen-small",
        version: "1.0.0",
        family: "target-specific",
        fineTuning: { supported: false, notes: "" },
      },
      resultId: "3f6c2a9e-7b1d-4c5e-9a8f-2d4b6e8c0a1f",
      status: "succeeded",
      verdict: "VALID",
      verdictReasons: [],
      meanDice: 0.8995,
      meanNsd: 0.8625,
      perOrgan: { liver: { meanDice: 0.8995, meanNsd: 0.8625 } },
      perCaseMeanMs: 1652.4,
      p50Ms: 31.8,
      p90Ms: 33.9,
      p99Ms: 41.2,
      peakRssMb: 212.6,
      throttled: false,
      executedOnDevice: true,
      egressBytes: null,
      fleet: null,
    });
  });

  it("leaves out what a failed run did not measure", () => {
    const failed = {
      ...exampleResultDocument,
      status: "failed" as const,
      accuracy: null,
      timing: null,
      resources: null,
      validity: { verdict: "INVALID" as const, reasons: ["out of memory"] },
    };
    expect(summaryFromResultDocument(failed)).toMatchObject({
      status: "failed",
      verdict: "INVALID",
      verdictReasons: ["out of memory"],
      meanDice: null,
      meanNsd: null,
      perOrgan: null,
      perCaseMeanMs: null,
      p50Ms: null,
      peakRssMb: null,
      throttled: null,
    });
  });
});
