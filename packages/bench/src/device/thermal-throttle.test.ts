import { describe, expect, it } from "vitest";
import { fixtureRoot } from "./fixtures.test-helper.ts";
import { readThrottleCounts, thermalThrottleSignal } from "./thermal-throttle.ts";

describe("x86 thermal_throttle counters", () => {
  it("sums core counts over CPUs and counts each package once", () => {
    // cpu0..3 of one package: core 12, 12, 0, 0; package_throttle_count 14 repeated on every CPU.
    expect(readThrottleCounts(fixtureRoot("x86-laptop-old"))).toEqual({ cpus: 4, core: 24, package: 14 });
  });

  it("sees throttling when a counter grew during the run", () => {
    const before = readThrottleCounts(fixtureRoot("x86-laptop-old"));
    const after = readThrottleCounts(fixtureRoot("x86-laptop-old-after-run"));
    expect(thermalThrottleSignal(before, after)).toEqual({
      source: "x86 thermal_throttle counters",
      measured: true,
      observed: true,
      detail: "core_throttle_count +6, package_throttle_count +3 during the run (4 CPUs)",
    });
  });

  it("does not blame the run for throttling counted before it", () => {
    const counts = readThrottleCounts(fixtureRoot("x86-laptop-old"));
    expect(thermalThrottleSignal(counts, counts)).toMatchObject({ measured: true, observed: false });
  });

  it("says not available on ARM boards and virtual machines, never zero", () => {
    for (const board of ["raspberry-pi-4", "jetson-orin-nano", "does-not-exist"]) {
      expect(readThrottleCounts(fixtureRoot(board))).toBeNull();
    }
    const signal = thermalThrottleSignal(null, null);
    expect(signal).toMatchObject({ measured: false, observed: null });
    expect(signal.detail).toMatch(/^not available on this device: no .*thermal_throttle/);
  });
});
