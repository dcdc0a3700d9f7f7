import { describe, expect, it } from "vitest";
import { fixtureRoot } from "./fixtures.test-helper.ts";
import { jetsonOcSignal, readOcEvents } from "./jetson-oc.ts";

describe("Jetson Orin soctherm_oc counters", () => {
  it("finds the counters by hwmon name, whichever index they got at boot", () => {
    expect(readOcEvents(fixtureRoot("jetson-orin-nano"))).toEqual({
      hwmon: "hwmon3",
      counts: { oc1: 0, oc2: 0, oc3: 27 },
    });
    expect(readOcEvents(fixtureRoot("jetson-orin-nano-rebooted"))?.hwmon).toBe("hwmon4");
  });

  it("sees over-current throttling that happened during the run, not before it", () => {
    const before = readOcEvents(fixtureRoot("jetson-orin-nano"));
    const after = readOcEvents(fixtureRoot("jetson-orin-nano-after-run"));
    expect(jetsonOcSignal(before, after)).toEqual({
      source: "Jetson soctherm_oc event counters",
      measured: true,
      observed: true,
      detail:
        "oc1 under-voltage +0, oc2 average over-current +0, oc3 instantaneous over-current +14 during the run",
    });
    expect(jetsonOcSignal(before, before)).toMatchObject({ measured: true, observed: false });
  });

  it("says not available elsewhere, the Jetson Nano included", () => {
    for (const board of ["jetson-nano", "raspberry-pi-5", "x86-laptop-old"]) {
      expect(readOcEvents(fixtureRoot(board))).toBeNull();
    }
    expect(jetsonOcSignal(null, null)).toMatchObject({ measured: false, observed: null });
    expect(jetsonOcSignal(null, null).detail).toMatch(/^not available on this device/);
  });
});
