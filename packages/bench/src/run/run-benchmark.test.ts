import { fileURLToPath } from "node:url";
import { type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import { beforeAll, describe, expect, it } from "vitest";
import { fixtureRoot } from "../device/fixtures.test-helper.ts";
import { runBenchmark } from "./run-benchmark.ts";

const fixtures = (rel: string) => fileURLToPath(new URL(`../../fixtures/${rel}`, import.meta.url));

/** threshold-seg (real ONNX Runtime) on the two-case MSD fixture; SingleStream repeats (the --model rule, 3–6) of 1 s each. */
const run = (deviceRoot?: string) =>
  runBenchmark({
    manifestPath: fixtures("models/threshold-seg/manifest.json"),
    datasetDir: fixtures("datasets/msd"),
    agentVersion: "test",
    scenario: {
      singleStream: { minDurationMs: 1000, minQueries: 100, maxDurationMs: 20_000 },
      offline: { batchSize: 4, minQueries: 16 },
    },
    ...(deviceRoot ? { deviceRoot } : {}),
  });

describe("runBenchmark resources on this machine", () => {
  let doc: ResultDocument;
  beforeAll(async () => {
    doc = resultDocumentSchema.parse(await run());
  }, 120_000);

  it("checks every throttling signal and says which this VM cannot measure", () => {
    const t = doc.resources!.throttling;
    expect(t.signals?.map((s) => s.source)).toEqual([
      "vcgencmd get_throttled",
      "x86 thermal_throttle counters",
      "Jetson soctherm_oc event counters",
      "cpufreq",
    ]);
    for (const s of t.signals!) {
      // This VM has none of them: stated, not zero.
      expect(s).toMatchObject({ measured: false, observed: null });
      expect(s.detail).toMatch(/^not available on this device: /);
    }
    expect(t).toMatchObject({ observed: null, source: "unavailable", flags: null });
  });

  it("reports energy as not available, with the reason", () => {
    expect(doc.resources!.energy).toEqual({
      available: false,
      source: "none",
      unavailableReason:
        "not available on this device: no RAPL package domain under /sys/class/powercap (x86), no INA3221 under /sys/bus/i2c/drivers (Jetson), not a Raspberry Pi 5",
      joules: null,
      perCaseJ: null,
      perInferenceJ: null,
    });
  });

  it("integrates RAM-time to a positive figure no larger than peak RSS × wall time", () => {
    const r = doc.resources!;
    const bound = (r.peakRssMb / 1024) * (r.wallMs / 1000);
    expect(r.ramTimeGbS).toBeGreaterThan(0);
    expect(r.ramTimeGbS!).toBeLessThanOrEqual(bound);
    // Resident memory stays near its peak for most of a run: well above a tenth of the bound.
    expect(r.ramTimeGbS!).toBeGreaterThan(bound / 10);
  });
});

describe("runBenchmark energy on a recorded Jetson Orin Nano tree", () => {
  it("splits the INA3221's power into energy per case and per inference by the child's phases", async () => {
    const doc = resultDocumentSchema.parse(await run(fixtureRoot("jetson-orin-nano")));
    // The recorded VDD_IN does not move: 5064 mV × 1216 mA throughout, so energy = power × time.
    const watts = (5064 * 1216) / 1e6;
    const e = doc.resources!.energy!;
    expect(e).toMatchObject({ available: true, source: "INA3221 VDD_IN", unavailableReason: null });
    // The whole run: from the first sample (before the child starts) to the last (after it exits).
    expect(e.joules!).toBeGreaterThan(0);
    expect(e.joules! / watts).toBeLessThanOrEqual(doc.resources!.wallMs / 1000);
    // The wall time also holds the sensor probe before the first sample: the bound allows for a loaded machine.
    expect(e.joules! / watts).toBeGreaterThan((doc.resources!.wallMs / 1000) * 0.5);
    // Per case: each case's per-case window, the stretch its totalMs times.
    const cases = doc.accuracy!.cases.map((c) => c.timing.totalMs);
    const meanS = cases.reduce((a, b) => a + b, 0) / cases.length / 1000;
    expect(e.perCaseJ!).toBeCloseTo(watts * meanS, 3);
    // Per inference: the SingleStream window (warm-up and every repeat) over its queries ≈ power × mean
    // latency. The time between queries adds a little, and `mean` is the median repeat's only: on a
    // loaded machine the repeats differ, hence the wide bounds (a wrong window or count is off by far more).
    const ss = doc.timing!.singleStream;
    expect(doc.timing!.repeats!.p50Ms.length).toBeGreaterThanOrEqual(3);
    expect(e.perInferenceJ!).toBeGreaterThan(watts * (ss.mean / 1000) * 0.5);
    expect(e.perInferenceJ!).toBeLessThan(watts * (ss.mean / 1000) * 2);
  });
});

describe("runBenchmark throttling on a recorded x86 laptop tree", () => {
  it("marks the run INVALID when its busy clock sat below 0.8 of the maximum, and says which signal saw it", async () => {
    // The recorded i5-2520M: fastest core 2491 of 3200 MHz (0.78) throughout; throttle counters unmoved.
    const doc = resultDocumentSchema.parse(await run(fixtureRoot("x86-laptop-old")));
    const t = doc.resources!.throttling;
    expect(t.signals?.map((s) => [s.source, s.measured, s.observed])).toEqual([
      ["vcgencmd get_throttled", false, null],
      ["x86 thermal_throttle counters", true, false],
      ["Jetson soctherm_oc event counters", false, null],
      ["cpufreq", true, true],
    ]);
    expect(t).toMatchObject({
      observed: true,
      source: "x86 thermal_throttle counters, cpufreq",
      flags: null,
    });
    expect(t.signals?.[1]?.detail).toBe(
      "core_throttle_count +0, package_throttle_count +0 during the run (4 CPUs)",
    );
    expect(t.signals?.[3]?.detail).toMatch(
      /^busy median 78 % of cpuinfo_max_freq \(lowest 78 %\) over \d+ samples/,
    );
    expect(doc.validity.verdict).toBe("INVALID");
    expect(doc.validity.reasons).toContainEqual(
      expect.stringMatching(
        /^throttling seen during the run \(cpufreq: busy median 78 % of cpuinfo_max_freq/,
      ),
    );
    // RAPL is found; a recorded counter does not move, so this run's measured energy is 0 J.
    expect(doc.resources!.energy).toMatchObject({
      available: true,
      source: "RAPL package-0 (intel-rapl:0)",
      joules: 0,
    });
  });
});
