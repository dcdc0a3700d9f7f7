import { describe, expect, it } from "vitest";
import { testPolicy } from "../testing/policy.ts";
import { makeSummary } from "../testing/summary.ts";
import { evaluateExecutionTime } from "./execution-time.ts";

const policy = testPolicy(); // 300 s per case

describe("evaluateExecutionTime", () => {
  it("passes within the per-case budget", () => {
    expect(evaluateExecutionTime(makeSummary("m", { perCaseMeanMs: 12_345 }), policy)).toEqual({
      status: "pass",
      value: "12.3 s of 300 s per case",
      detail: "Mean per-case time is within the 300 s budget.",
    });
  });

  it("passes at exactly the budget and fails a millisecond over", () => {
    expect(evaluateExecutionTime(makeSummary("m", { perCaseMeanMs: 300_000 }), policy).status).toBe("pass");
    const over = evaluateExecutionTime(makeSummary("m", { perCaseMeanMs: 300_001 }), policy);
    expect(over.status).toBe("fail");
    expect(over.detail).toBe("Mean per-case time 300.001 s exceeds the 300 s budget.");
  });

  it("formats sub-second cases in milliseconds' precision", () => {
    expect(evaluateExecutionTime(makeSummary("m", { perCaseMeanMs: 42 }), policy).value).toBe(
      "0.042 s of 300 s per case",
    );
  });

  it("is unknown when no case was timed", () => {
    const r = evaluateExecutionTime(makeSummary("m", { perCaseMeanMs: null }), policy);
    expect(r.status).toBe("unknown");
    expect(r.value).toBe("per-case time not reported (budget 300 s)");
  });
});
