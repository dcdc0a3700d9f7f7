import { describe, expect, it } from "vitest";
import { csvCell, toCsv } from "./csv.ts";

describe("csvCell", () => {
  it("quotes commas, quotes and line breaks, doubling inner quotes (RFC 4180)", () => {
    expect(csvCell("plain")).toBe("plain");
    expect(csvCell("a,b")).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell("two\nlines")).toBe('"two\nlines"');
    expect(csvCell("cr\rhere")).toBe('"cr\rhere"');
  });

  it("writes missing values empty, numbers in full, booleans and dates plainly", () => {
    expect([null, undefined, Number.NaN].map(csvCell)).toEqual(["", "", ""]);
    expect(csvCell(0.123456789012)).toBe("0.123456789012");
    expect(csvCell(-3)).toBe("-3");
    expect(csvCell(false)).toBe("false");
    expect(csvCell(new Date("2026-11-20T10:00:00Z"))).toBe("2026-11-20T10:00:00.000Z");
  });

  it("defuses text a spreadsheet would run as a formula", () => {
    expect(csvCell("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvCell("@x,y")).toBe(`"'@x,y"`);
    expect(csvCell("-2 ms")).toBe("'-2 ms");
    expect(csvCell("+1")).toBe("'+1");
    expect(csvCell("\tx")).toBe("'\tx");
    expect(csvCell("\r=1")).toBe(`"'\r=1"`);
  });

  it("defuses a formula that starts a new cell after a ; or , separator inside the text", () => {
    expect(csvCell("liver;=1+1")).toBe("liver;'=1+1");
    expect(csvCell("liver; =1+1")).toBe("liver; '=1+1");
    expect(csvCell('a;"=HYPERLINK(1)')).toBe(`"a;""'=HYPERLINK(1)"`);
    expect(csvCell("a,@SUM(A1)")).toBe(`"a,'@SUM(A1)"`);
    expect(csvCell("x;-2;+3")).toBe("x;'-2;'+3");
    expect(csvCell("=a;=b")).toBe("'=a;'=b");
    // Nothing to defuse: separators followed by ordinary text, and a formula character mid-cell.
    expect(csvCell("liver;kidney")).toBe("liver;kidney");
    expect(csvCell("a=b;c+d")).toBe("a=b;c+d");
    expect(csvCell(-2)).toBe("-2");
  });
});

describe("toCsv", () => {
  it("writes a header and rows with CRLF line ends", () => {
    expect(
      toCsv(
        ["a", "b"],
        [
          [1, "x,y"],
          [null, true],
        ],
      ),
    ).toBe('a,b\r\n1,"x,y"\r\n,true\r\n');
  });
});
