import { describe, expect, it } from "vitest";
import {
  CPUFREQ_THROTTLE_FRACTION,
  cpufreqSignal,
  type FrequencySample,
  frequencyRatio,
  readCpufreq,
} from "./cpufreq.ts";
import { fixtureRoot } from "./fixtures.test-helper.ts";

/** Busy samples every 200 ms at the given ratios. */
const busy = (ratios: number[], busyCores = 1): FrequencySample[] =>
  ratios.map((ratio, n) => ({ atMs: n * 200, busyCores, ratio }));

describe("readCpufreq", () => {
  it("refers an intel_pstate CPU without base_frequency to cpuinfo_max_freq", () => {
    const cpus = readCpufreq(fixtureRoot("x86-laptop-old"))!;
    expect(cpus.map((c) => [c.cpu, c.curKhz, c.referenceKhz, c.reference])).toEqual([
      ["cpu0", 2491000, 3200000, "cpuinfo_max_freq"],
      ["cpu1", 2491000, 3200000, "cpuinfo_max_freq"],
      ["cpu2", 1597000, 3200000, "cpuinfo_max_freq"],
      ["cpu3", 800000, 3200000, "cpuinfo_max_freq"],
    ]);
    // The fastest core: 2.491 of 3.2 GHz.
    expect(frequencyRatio(cpus)).toBeCloseTo(0.7784, 4);
  });

  it("refers a CPU that reports base_frequency (HWP) to its guaranteed frequency, not turbo", () => {
    const cpus = readCpufreq(fixtureRoot("generic-x86-64"))!;
    expect(cpus).toHaveLength(16);
    expect(new Set(cpus.map((c) => `${c.reference} ${c.referenceKhz}`))).toEqual(
      new Set(["base_frequency 2900000"]),
    );
    expect(frequencyRatio(cpus)).toBe(1);
  });

  it("refers an amd-pstate CPU to ACPI CPPC's nominal frequency (MHz), not boost", () => {
    const cpus = readCpufreq(fixtureRoot("x86-amd-pstate"))!;
    expect(cpus.map((c) => [c.cpu, c.curKhz, c.referenceKhz, c.reference])).toEqual([
      ["cpu0", 2894000, 2100000, "acpi_cppc nominal_freq"],
      ["cpu1", 1397000, 2100000, "acpi_cppc nominal_freq"],
    ]);
    // Boosting above nominal: well above the fraction, whatever cpuinfo_max_freq (4.056 GHz) says.
    expect(frequencyRatio(cpus)).toBeCloseTo(1.378, 3);
  });

  it("reads ARM boards at their rated maximum", () => {
    expect(frequencyRatio(readCpufreq(fixtureRoot("raspberry-pi-4"))!)).toBe(1);
    expect(readCpufreq(fixtureRoot("jetson-nano"))![0]).toEqual({
      cpu: "cpu0",
      curKhz: 1479000,
      referenceKhz: 1479000,
      reference: "cpuinfo_max_freq",
    });
  });

  it("is null where cpufreq has no maximum to compare with", () => {
    // This Orin tree was recorded with scaling_cur_freq only; a VM has no cpufreq at all.
    expect(readCpufreq(fixtureRoot("jetson-orin-nano"))).toBeNull();
    expect(readCpufreq(fixtureRoot("does-not-exist"))).toBeNull();
  });
});

describe("cpufreqSignal", () => {
  it("passes a busy run that held its clock", () => {
    const s = cpufreqSignal(busy([0.97, 0.99, 1, 0.95, 0.98, 1, 0.99]), "cpuinfo_max_freq");
    expect(s).toMatchObject({ source: "cpufreq", measured: true, observed: false });
    expect(s.detail).toBe(
      "busy median 99 % of cpuinfo_max_freq (lowest 95 %) over 7 samples; longest stretch below 80 %: 0.0 s " +
        "(throttled below 80 % at the median or for 5 s)",
    );
  });

  it("sees a run whose median busy clock was below the fraction", () => {
    // A Pi 4 capped from 1.8 to 1.0 GHz by its soft temperature limit.
    const s = cpufreqSignal(busy([1, 0.56, 0.56, 0.56, 0.56, 1]), "cpuinfo_max_freq");
    expect(s).toMatchObject({ measured: true, observed: true });
  });

  it("sees a sustained drop late in a long run that the median hides", () => {
    const ratios = [...Array(60).fill(1), ...Array(26).fill(0.6)];
    expect(cpufreqSignal(busy(ratios), "cpuinfo_max_freq")).toMatchObject({ observed: true });
    // A short dip (1 s) is a governor step, not throttling.
    expect(
      cpufreqSignal(busy([...Array(60).fill(1), ...Array(5).fill(0.6)]), "cpuinfo_max_freq"),
    ).toMatchObject({
      observed: false,
    });
  });

  it("ignores samples taken while the CPUs were idle (governors park the clock on purpose)", () => {
    const samples = [...busy([1, 1, 1, 1, 1]), ...busy(Array(20).fill(0.25), 0.1)];
    expect(cpufreqSignal(samples, "cpuinfo_max_freq")).toMatchObject({ measured: true, observed: false });
  });

  it("says why when it cannot judge", () => {
    expect(cpufreqSignal(null, null)).toMatchObject({ measured: false, observed: null });
    expect(cpufreqSignal(null, null).detail).toMatch(/^not available on this device/);
    const short = cpufreqSignal(busy([0.5, 0.5, 0.5]), "cpuinfo_max_freq");
    expect(short).toMatchObject({ measured: false, observed: null });
    expect(short.detail).toBe(
      "not measured: only 3 of 3 samples were taken while the CPUs were at least 0.5 core busy (5 needed)",
    );
    expect(CPUFREQ_THROTTLE_FRACTION).toBe(0.8);
  });
});
