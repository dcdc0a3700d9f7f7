import { describe, expect, it } from "vitest";
import { parseThrottled, readThrottling } from "./throttling.ts";

describe("parseThrottled", () => {
  it("reads a healthy Pi", () => {
    expect(parseThrottled("throttled=0x0\n")).toEqual({
      value: 0,
      flags: "0x0",
      current: false,
      sinceBoot: false,
      conditions: [],
    });
  });

  it("reads an under-powered Pi that is throttled now and has been since boot", () => {
    const t = parseThrottled("throttled=0x50005\n")!;
    expect(t).toMatchObject({ value: 0x50005, flags: "0x50005", current: true, sinceBoot: true });
    expect(t.conditions).toEqual([
      "under-voltage detected",
      "currently throttled",
      "under-voltage has occurred",
      "throttling has occurred",
    ]);
  });

  it("reads a Pi that hit the soft temperature limit earlier but is fine now", () => {
    const t = parseThrottled("throttled=0x80000")!;
    expect(t).toMatchObject({
      current: false,
      sinceBoot: true,
      conditions: ["soft temperature limit has occurred"],
    });
  });

  it("rejects output that is not get_throttled's", () => {
    expect(parseThrottled("VCHI initialization failed")).toBeNull();
  });
});

describe("readThrottling", () => {
  it("reports unknown, not absent, where vcgencmd does not exist", async () => {
    await expect(readThrottling("edgeseg-no-such-vcgencmd")).resolves.toEqual({
      observed: null,
      flags: null,
      source: "unavailable",
    });
  });
});
