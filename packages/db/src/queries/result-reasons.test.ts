import { describe, expect, it } from "vitest";
import { resultReasons } from "./result-reasons.ts";

const doc = (d: object) => JSON.stringify(d);

describe("resultReasons", () => {
  it("shows a failed run's reason once: the engine writes it into validity.reasons", () => {
    const failure = { reason: "out-of-memory", message: "used more than the 512 MB memory limit" };
    const reasons = ["out-of-memory: used more than the 512 MB memory limit"];
    expect(resultReasons(doc({ failure, validity: { verdict: "INVALID", reasons } }))).toEqual(reasons);
  });

  it("reads the failure when the document's reasons do not say it, first", () => {
    const failure = { reason: "crash", message: "exited with code 134" };
    expect(resultReasons(doc({ failure, validity: { reasons: [] } }))).toEqual([
      "crash: exited with code 134",
    ]);
    expect(
      resultReasons(doc({ failure: { reason: "timeout" }, validity: { reasons: ["throttled"] } })),
    ).toEqual(["timeout", "throttled"]);
  });

  it("lists an INVALID run's reasons, dropping blanks, and nothing for unreadable text", () => {
    expect(resultReasons(doc({ failure: null, validity: { reasons: ["too few queries", " ", 3] } }))).toEqual(
      ["too few queries"],
    );
    expect(resultReasons("{not json")).toEqual([]);
    expect(resultReasons("null")).toEqual([]);
  });
});
