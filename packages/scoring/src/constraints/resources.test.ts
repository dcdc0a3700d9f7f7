import { describe, expect, it } from "vitest";
import { testPolicy } from "../testing/policy.ts";
import { makeSummary } from "../testing/summary.ts";
import { evaluateResources } from "./resources.ts";

const policy = testPolicy(); // 1024 MB budget

describe("evaluateResources", () => {
  it("passes within the memory budget without throttling, with the numbers behind it", () => {
    const r = evaluateResources(makeSummary("m", { peakRssMb: 412.4, throttled: false }), policy);
    expect(r).toEqual({
      status: "pass",
      value: "412 MB of 1024 MB; no throttling",
      detail: "Peak memory within the 1024 MB budget and no throttling observed.",
    });
  });

  it("passes at exactly the budget (the budget is the allowance)", () => {
    expect(evaluateResources(makeSummary("m", { peakRssMb: 1024 }), policy).status).toBe("pass");
  });

  it("fails over budget", () => {
    const r = evaluateResources(makeSummary("m", { peakRssMb: 1024.5 }), policy);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe("Peak memory 1024.5 MB exceeds the 1024 MB budget.");
  });

  it("fails when the device throttled, even within budget", () => {
    const r = evaluateResources(makeSummary("m", { peakRssMb: 300, throttled: true }), policy);
    expect(r.status).toBe("fail");
    expect(r.value).toBe("300 MB of 1024 MB; throttling observed");
  });

  it("passes on memory when throttling is not measured, and says which part was not measured", () => {
    const r = evaluateResources(makeSummary("m", { peakRssMb: 300, throttled: null }), policy);
    expect(r).toEqual({
      status: "pass",
      value: "300 MB of 1024 MB; throttling not measured",
      detail:
        "Peak memory within the 1024 MB budget. Not measured: the platform exposes no throttling signal.",
    });
  });

  it("fails when memory fails even though throttling is not measured", () => {
    const r = evaluateResources(makeSummary("m", { peakRssMb: 2048, throttled: null }), policy);
    expect(r.status).toBe("fail");
    expect(r.detail).toBe(
      "Peak memory 2048 MB exceeds the 1024 MB budget. Not measured: the platform exposes no throttling signal.",
    );
  });

  it("judges throttling alone when no peak memory was reported, and treats NaN as not reported", () => {
    for (const peakRssMb of [null, Number.NaN]) {
      const r = evaluateResources(makeSummary("m", { peakRssMb }), policy);
      expect(r.status).toBe("pass");
      expect(r.value).toBe("peak memory not reported (budget 1024 MB); no throttling");
      expect(r.detail).toBe("No throttling observed. Not measured: the run reported no peak memory.");
    }
  });

  it("is unknown only when neither part was measured", () => {
    const r = evaluateResources(makeSummary("m", { peakRssMb: null, throttled: null }), policy);
    expect(r.status).toBe("unknown");
    expect(r.detail).toBe(
      "Not measured: the run reported no peak memory; the platform exposes no throttling signal.",
    );
  });

  it("fails on throttling even without a peak memory", () => {
    expect(evaluateResources(makeSummary("m", { peakRssMb: null, throttled: true }), policy).status).toBe(
      "fail",
    );
  });
});
