import { describe, expect, it } from "vitest";
import { formatAgo, formatDateTime, formatMb, formatMs, formatNumber, plural } from "./format.ts";

describe("format", () => {
  const now = new Date("2026-11-26T12:00:00Z");
  const ago = (s: number) => new Date(now.getTime() - s * 1000);

  it("says how long ago, in the largest whole unit", () => {
    expect([0, 59, 60, 3599, 3600, 86_399, 86_400, 200_000].map((s) => formatAgo(ago(s), now))).toEqual([
      "0 s ago",
      "59 s ago",
      "1 min ago",
      "59 min ago",
      "1 h ago",
      "23 h ago",
      "1 d ago",
      "2 d ago",
    ]);
    expect(formatAgo(null, now)).toBe("never");
  });

  it("formats times in UTC, durations and sizes with their units, missing values as a dash", () => {
    expect(formatDateTime(new Date("2026-11-26T08:05:59Z"))).toBe("2026-11-26 08:05 UTC");
    expect([12.345, 950, 9_999, 12_500].map((ms) => formatMs(ms))).toEqual([
      "12.3 ms",
      "950 ms",
      "9999 ms",
      "12.5 s",
    ]);
    expect([512.4, 1536].map((mb) => formatMb(mb))).toEqual(["512 MB", "1.5 GB"]);
    expect([formatNumber(null), formatNumber(Number.NaN), formatMs(undefined)]).toEqual(["—", "—", "—"]);
    expect(formatNumber(0.81234, 3)).toBe("0.812");
  });
});

describe("plural", () => {
  it("uses the singular for exactly one", () => {
    expect(plural(1, "device")).toBe("1 device");
    expect(plural(0, "device")).toBe("0 devices");
    expect(plural(3, "enrolled device")).toBe("3 enrolled devices");
  });
});
