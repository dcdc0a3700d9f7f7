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
      egressMessages: null,
      egressLargestBytes: null,
      fineTuningRun: null,
      fleet: null,
    });
  });

  it("carries the fine-tuning block's figures: plateau time, else the whole fine-tuning's", () => {
    const block = {
      status: "succeeded" as const,
      failure: null,
      mechanism: "onnx-backward-graphs/1",
      trainable: { part: "head", parameters: 10, frozenParameters: 100 },
      site: { dataset: "phantom-site-b", trainSlices: 16, testCases: 4 },
      optimizer: { name: "adam" as const, learningRate: 0.001 },
      batchSize: 4,
      epochs: 10,
      steps: 40,
      stepMs: { p50: 12, mean: 13 },
      epochMs: 50,
      plateau: null,
      totalMs: 1_240,
      peakRssMb: 212,
      loss: { first: 0.9, last: 0.2 },
      before: { meanDice: 0.41, meanNsd: 0.38 },
      after: { meanDice: 0.83, meanNsd: 0.8 },
    };
    expect(summaryFromResultDocument({ ...exampleResultDocument, fineTuning: block }).fineTuningRun).toEqual({
      status: "succeeded",
      failure: null,
      stepMs: 12,
      plateauMs: 1_240,
      peakRssMb: 212,
      diceBefore: 0.41,
      diceAfter: 0.83,
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
