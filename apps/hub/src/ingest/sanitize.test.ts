import { describe, expect, it } from "vitest";
import { sanitizeText } from "./sanitize.ts";

describe("sanitizeText", () => {
  it("escapes line breaks, NUL, ESC, DEL and C1 controls visibly", () => {
    expect(sanitizeText("a\r\nb\tc\u0000d\u001b[31me\u007ff\u0085g")).toBe(
      "a\\r\\nb\\tc\\u0000d\\u001b[31me\\u007ff\\u0085g",
    );
  });

  it("escapes every bidirectional formatting character and line/paragraph separators", () => {
    const bidi = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u2028\u2029";
    expect(sanitizeText(bidi)).toBe(
      "\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069\\u2028\\u2029",
    );
  });

  it("leaves ordinary text alone, accents and other scripts included", () => {
    const text = "Gerät überhitzt — 温度过高 (85 °C); disk 98 % full";
    expect(sanitizeText(text)).toBe(text);
  });
});
