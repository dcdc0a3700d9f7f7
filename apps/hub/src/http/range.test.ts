import { describe, expect, it } from "vitest";
import { parseRange } from "./range.ts";

describe("parseRange (RFC 9110 section 14)", () => {
  it.each([
    ["bytes=0-99", { kind: "partial", start: 0, end: 99 }],
    ["bytes=10-19", { kind: "partial", start: 10, end: 19 }],
    ["bytes=990-2000", { kind: "partial", start: 990, end: 999 }],
    ["bytes=500-", { kind: "partial", start: 500, end: 999 }],
    ["bytes=-5", { kind: "partial", start: 995, end: 999 }],
    ["bytes=-5000", { kind: "partial", start: 0, end: 999 }],
    ["BYTES = 1-1", { kind: "partial", start: 1, end: 1 }],
  ])("%s of 1000 bytes", (header, expected) => {
    expect(parseRange(header, 1000)).toEqual(expected);
  });

  it.each(["bytes=1000-", "bytes=1000-1001", "bytes=-0"])("%s of 1000 bytes is unsatisfiable", (header) => {
    expect(parseRange(header, 1000)).toEqual({ kind: "unsatisfiable" });
  });

  it.each([undefined, "items=0-1", "bytes=5-1", "bytes=0-1,5-6", "bytes=-", "bytes=a-b", "bytes 0-1"])(
    "%s is ignored: the whole file",
    (header) => {
      expect(parseRange(header, 1000)).toEqual({ kind: "whole" });
    },
  );

  it("finds nothing to serve in an empty file", () => {
    expect(parseRange("bytes=0-", 0)).toEqual({ kind: "unsatisfiable" });
    expect(parseRange("bytes=-1", 0)).toEqual({ kind: "unsatisfiable" });
  });
});
