import { describe, expect, it } from "vitest";
import { exampleResultDocument } from "./mqtt/examples/result-document.ts";
import { type FineTuningResult, fineTuningResultSchema, resultDocumentSchema } from "./result.ts";

const succeeded: FineTuningResult = {
  status: "succeeded",
  failure: null,
  mechanism: "onnx-backward-graphs/1",
  trainable: { part: "last decoder stage + head", parameters: 4_705, frozenParameters: 116_512 },
  site: { dataset: "phantom-site-b", trainSlices: 16, testCases: 4 },
  optimizer: { name: "adam", learningRate: 0.001 },
  batchSize: 4,
  epochs: 10,
  steps: 40,
  stepMs: { p50: 12.5, mean: 13.1 },
  epochMs: 52.4,
  plateau: { step: 24, ms: 318 },
  totalMs: 1_240,
  peakRssMb: 212.5,
  loss: { first: 0.91, last: 0.22 },
  before: { meanDice: 0.41, meanNsd: 0.38 },
  after: { meanDice: 0.83, meanNsd: 0.8 },
};

const failed: FineTuningResult = {
  ...succeeded,
  status: "failed",
  failure: {
    reason: "out-of-memory",
    message: "exceeded the 256 MB limit",
    exitCode: null,
    signal: "SIGKILL",
  },
  steps: 3,
  stepMs: null,
  epochMs: null,
  plateau: null,
  peakRssMb: 256,
  loss: null,
  after: null,
};

const issues = (v: unknown) =>
  fineTuningResultSchema.safeParse(v).error?.issues.map((i) => `${i.path.join(".")}: ${i.message}`) ?? [];

describe("fineTuningResultSchema", () => {
  it("accepts a succeeded and a failed block", () => {
    expect(fineTuningResultSchema.parse(succeeded)).toEqual(succeeded);
    expect(fineTuningResultSchema.parse(failed)).toEqual(failed);
  });

  it("refuses a failed block without a failure and a succeeded one with a failure", () => {
    expect(issues({ ...failed, failure: null })).toEqual([
      "failure: fineTuning.failure must be set when the fine-tuning failed and null when it succeeded",
    ]);
    expect(issues({ ...succeeded, failure: failed.failure })).toHaveLength(1);
  });

  it.each([
    ["an unknown optimizer", { optimizer: { name: "lbfgs", learningRate: 0.1 } }, "optimizer.name"],
    ["a zero learning rate", { optimizer: { name: "sgd", learningRate: 0 } }, "optimizer.learningRate"],
    ["a zero batch size", { batchSize: 0 }, "batchSize"],
    ["a fractional step count", { steps: 2.5 }, "steps"],
    ["a negative step time", { stepMs: { p50: -1, mean: 1 } }, "stepMs.p50"],
    ["a DSC above 1", { after: { meanDice: 1.2, meanNsd: 0.8 } }, "after.meanDice"],
    ["a mechanism longer than 80 characters", { mechanism: "m".repeat(81) }, "mechanism"],
    ["pixels riding along", { site: { ...succeeded.site, slices: [[0, 1]] } }, "site"],
    ["an unknown key", { weights: [0.1, 0.2] }, ""],
  ])("refuses %s", (_what, patch, path) => {
    const found = fineTuningResultSchema.safeParse({ ...succeeded, ...patch }).error?.issues ?? [];
    expect(found.map((i) => i.path.join("."))).toEqual([path]);
  });
});

describe("result document with a fine-tuning block", () => {
  it("is optional: absent means not measured", () => {
    expect("fineTuning" in exampleResultDocument).toBe(false);
    expect(resultDocumentSchema.safeParse(exampleResultDocument).success).toBe(true);
  });

  it("accepts a succeeded or failed block beside unaffected inference numbers", () => {
    for (const fineTuning of [succeeded, failed]) {
      const doc = { ...structuredClone(exampleResultDocument), fineTuning };
      expect(resultDocumentSchema.parse(doc).fineTuning).toEqual(fineTuning);
    }
  });

  it("refuses an inconsistent block inside the document, naming the field", () => {
    const doc = { ...structuredClone(exampleResultDocument), fineTuning: { ...failed, failure: null } };
    const paths = resultDocumentSchema.safeParse(doc).error?.issues.map((i) => i.path.join("."));
    expect(paths).toEqual(["fineTuning.failure"]);
  });
});
