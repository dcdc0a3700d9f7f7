import { describe, expect, it } from "vitest";
import { safeNext } from "./safe-next.ts";

describe("safeNext", () => {
  it("keeps paths on this site and refuses anything a browser would send elsewhere", () => {
    expect(safeNext("/devices/abc?tab=jobs")).toBe("/devices/abc?tab=jobs");
    expect(safeNext("//evil.example/")).toBe("/");
    expect(safeNext("/\\evil.example/")).toBe("/");
    expect(safeNext("https://evil.example/")).toBe("/");
    expect(safeNext(undefined)).toBe("/");
  });
});
