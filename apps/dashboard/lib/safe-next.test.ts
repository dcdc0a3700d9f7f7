import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next.ts";

describe("safeNext", () => {
  it("keeps paths on this site", () => {
    expect(safeNext("/devices/abc?tab=jobs")).toBe("/devices/abc?tab=jobs");
    expect(safeNext("/leaderboard#top")).toBe("/leaderboard#top");
    expect(safeNext("/a/../campaigns")).toBe("/campaigns");
  });

  it("refuses anything a browser would send to another host", () => {
    for (const bad of [
      "//evil.example/",
      "/\\evil.example/",
      "/\t/evil.example",
      "/\n/evil.example",
      "/\r\n/evil.example",
      "\t//evil.example",
      "/\u0000/evil.example",
      "/%5cevil.example".replace("%5c", "\\"),
      "https://evil.example/",
      "javascript:alert(1)",
      "evil.example",
      "",
    ]) {
      expect(safeNext(bad), JSON.stringify(bad)).toBe("/");
    }
    expect(safeNext(undefined)).toBe("/");
    expect(safeNext(null)).toBe("/");
  });

  it("keeps an encoded slash or backslash encoded, which browsers do not turn into a host", () => {
    expect(safeNext("/%2F%2Fevil.example")).toBe("/%2F%2Fevil.example");
    expect(safeNext("/%5Cevil.example")).toBe("/%5Cevil.example");
  });
});
