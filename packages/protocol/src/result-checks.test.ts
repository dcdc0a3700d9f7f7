import { describe, expect, it } from "vitest";
import { exampleResultDocument } from "./mqtt/examples/result-document.ts";
import { type ResultDocument, resultDocumentSchema } from "./result.ts";

const doc = () => structuredClone(exampleResultDocument) as ResultDocument;

/** Each refusal as "path: message", so a test sees which field was named. */
function refusals(d: ResultDocument): string[] {
  const parsed = resultDocumentSchema.safeParse(d);
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
}

describe("impossible values are refused, naming the field", () => {
  it("accepts the realistic example, whose aggregates follow from its cases", () => {
    expect(refusals(doc())).toEqual([]);
  });

  it("mean DSC 1.0 while every case's DSC is 0", () => {
    const d = doc();
    for (const c of d.accuracy!.cases) c.organs["liver"]!.dice = 0;
    d.accuracy!.organs["liver"]!.meanDice = 1;
    d.accuracy!.meanDice = 1;
    expect(refusals(d)).toEqual(["accuracy.organs.liver.meanDice: meanDice 1 but its cases' DSC average 0"]);
  });

  it("a document mean that is not the mean of its organs, and an NSD and HD95 that do not follow", () => {
    const d = doc();
    d.accuracy!.meanDice = 0.95;
    d.accuracy!.organs["liver"]!.meanNsd = 0.9;
    d.accuracy!.organs["liver"]!.meanHd95 = 2;
    expect(refusals(d)).toEqual([
      "accuracy.organs.liver.meanNsd: meanNsd 0.9 but its cases' NSD average 0.8625",
      "accuracy.organs.liver.meanHd95: meanHd95 2 but its cases' finite HD95 average 4.1",
      "accuracy.meanDice: meanDice 0.95 but the organs' meanDice average 0.8995",
      "accuracy.meanNsd: meanNsd 0.8625 but the organs' meanNsd average 0.9",
    ]);
  });

  it("an organ count that is not the cases', and organs on one side only", () => {
    const d = doc();
    d.accuracy!.organs["liver"]!.n = 50;
    d.accuracy!.organs["spleen"] = { n: 2, meanDice: 0.9, meanNsd: 0.9, meanHd95: null };
    expect(refusals(d)).toEqual([
      "accuracy.organs.liver.n: n 50 but 2 cases have liver",
      "accuracy.organs.spleen: aggregate for spleen, which no listed case has",
      "accuracy.meanDice: meanDice 0.8995 but the organs' meanDice average 0.89975",
      "accuracy.meanNsd: meanNsd 0.8625 but the organs' meanNsd average 0.88125",
    ]);
  });

  it("status failed with verdict VALID and no failure; succeeded with a failure", () => {
    const failed = doc();
    failed.status = "failed";
    expect(refusals(failed)).toEqual([
      "failure: a failed run must say why (failure is null)",
      "validity.verdict: a failed run cannot be VALID",
    ]);
    const succeeded = doc();
    succeeded.failure = { reason: "crash", message: "x", exitCode: null, signal: "SIGKILL" };
    expect(refusals(succeeded)).toEqual(["failure: a succeeded run cannot carry a failure"]);
  });

  it("HD95 of −5 mm", () => {
    const d = doc();
    d.accuracy!.cases[0]!.organs["liver"]!.hd95 = -5;
    expect(refusals(d)).toEqual(["accuracy.cases.0.organs.liver.hd95: Too small: expected number to be >=0"]);
  });

  it("p50 > p99 > max", () => {
    const d = doc();
    Object.assign(d.timing!.singleStream, { p50: 60, p90: 61, p99: 55, max: 50, mean: 40 });
    expect(refusals(d)).toEqual([
      "timing.singleStream.p90: p90 61 ms exceeds p99 55 ms",
      "timing.singleStream.p99: p99 55 ms exceeds max 50 ms",
    ]);
    const low = doc();
    Object.assign(low.timing!.singleStream, { min: 35 });
    expect(refusals(low)).toEqual([
      "timing.singleStream.min: min 35 ms exceeds p50 31.8 ms",
      "timing.singleStream.min: min 35 ms exceeds mean 32.1 ms",
    ]);
  });

  it("a stage longer than its case, and per-case figures that are not the cases'", () => {
    const d = doc();
    d.accuracy!.cases[1]!.timing.inferMs = 1800;
    expect(refusals(d)).toEqual([
      "accuracy.cases.1.timing.inferMs: inferMs 1800 exceeds the case's totalMs 1721.7",
    ]);
    const fast = doc();
    // 0.001 ms per case claimed, while the cases took over a second each.
    fast.timing!.perCase = { count: 2, meanMs: 0.001, p50Ms: 0.001, maxMs: 0.001 };
    expect(refusals(fast)).toEqual([
      "timing.perCase.maxMs: maxMs 0.001 but the cases' largest totalMs is 1721.7",
      "timing.perCase.meanMs: meanMs 0.001 but the cases' totalMs average 1652.4",
    ]);
    const count = doc();
    count.timing!.perCase.count = 3;
    expect(refusals(count)).toEqual(["timing.perCase.count: count 3 but 2 cases are listed"]);
  });

  it("cases that outlast the run's wall time", () => {
    const d = doc();
    d.resources!.wallMs = 3000;
    expect(refusals(d)).toEqual([
      "resources.wallMs: wallMs 3000 is less than the cases' summed totalMs 3304.8",
    ]);
  });

  it("peak memory of 1e300 MB, and more than the device could hold", () => {
    const d = doc();
    d.resources!.peakRssMb = 1e300;
    expect(refusals(d)).toEqual([
      "resources.peakRssMb: peakRssMb 1e+300 is beyond what a device with 3794 MB of RAM can hold (at most 15176)",
    ]);
    const noRam = doc();
    noRam.device.ramMb = 0;
    noRam.resources!.peakRssMb = 2_000_000;
    expect(refusals(noRam)).toEqual([
      "resources.peakRssMb: peakRssMb 2000000 is beyond what a device with 0 MB of RAM can hold (at most 1000000)",
    ]);
  });

  it("a document with only aggregates (no cases listed) is not contradicted, so it parses", () => {
    const d = doc();
    d.accuracy!.cases = [];
    d.timing!.perCase = { count: 2, meanMs: 1652.4, p50Ms: 1652.4, maxMs: 1721.7 };
    expect(refusals(d)).toEqual([]);
  });

  it("a field that fails its own bound is reported once, without cross-field noise", () => {
    const d = doc();
    d.accuracy!.cases[0]!.organs["liver"]!.dice = 1.2;
    expect(refusals(d)).toEqual(["accuracy.cases.0.organs.liver.dice: Too big: expected number to be <=1"]);
  });
});

describe("synthetic weights (a skeleton)", () => {
  it("are accepted with accuracy null and refused with an accuracy", () => {
    const d = doc();
    d.model.weights = "synthetic";
    expect(refusals(d)).toEqual(["accuracy: synthetic weights measure no accuracy: accuracy must be null"]);
    d.accuracy = null;
    expect(refusals(d)).toEqual([]);
  });
});
