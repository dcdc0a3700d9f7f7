import { describe, expect, it } from "vitest";
import { evaluateConstraints } from "../constraints/index.ts";
import { rankModels } from "../rank.ts";
import { run } from "../testing/fleet.ts";
import { testPolicy } from "../testing/policy.ts";
import { classFigure, deviceThrottles } from "./class-figure.ts";
import { consistencyFlags } from "./consistency.ts";
import { deviceFigure, type FleetRun, runExclusion } from "./device-figure.ts";
import { fleetSummary } from "./fleet-summary.ts";

const model = { id: "unet", version: "1.0.0", family: "target-specific" as const, fineTuning: null };

function device(id: string, runs: FleetRun[]) {
  const figure = deviceFigure(id, runs);
  if (!figure) throw new Error(`device ${id} has no counted run`);
  return figure;
}

describe("deviceFigure", () => {
  it("takes each number's median over the device's counted runs, not its best run", () => {
    const d = device("pi-1", [
      run({ perCaseMeanMs: 900, peakRssMb: 410, p50Ms: 9 }),
      run({ perCaseMeanMs: 1500, peakRssMb: 380, p50Ms: 16 }),
      run({ perCaseMeanMs: 1100, peakRssMb: 400, p50Ms: 11 }),
    ]);
    expect(d.perCaseMeanMs).toBe(1100);
    expect(d.peakRssMb).toBe(400);
    expect(d.p50Ms).toBe(11);
    expect(d.runs).toBe(3);
    expect(d.bestPerCaseMs).toBe(900);
  });

  it("links the fastest run as best and the lower-median run as the device's representative", () => {
    const runs = [
      run({ perCaseMeanMs: 1200 }),
      run({ perCaseMeanMs: 800 }),
      run({ perCaseMeanMs: 1000 }),
      run({ perCaseMeanMs: 1400 }),
    ];
    const d = device("pi-1", runs);
    expect(d.perCaseMeanMs).toBe(1100); // (1000 + 1200) / 2
    expect(d.bestResultId).toBe(runs[1]?.resultId);
    expect(d.medianResultId).toBe(runs[2]?.resultId); // 1000 ms: the lower of the two middle runs
  });

  it("breaks a tie for the best run by the earlier run", () => {
    const first = run({ perCaseMeanMs: 700 });
    const second = run({ perCaseMeanMs: 700 });
    expect(device("d", [second, first]).bestResultId).toBe(first.resultId);
  });

  it("picks the same representative among equal per-case times whatever order the runs arrive in", () => {
    const early = run({ perCaseMeanMs: 700, createdAt: new Date("2026-11-20T10:00:00Z") });
    const late = run({ perCaseMeanMs: 700, createdAt: new Date("2026-11-20T11:00:00Z") });
    expect(device("d", [late, early]).medianResultId).toBe(early.resultId);
    expect(device("d", [early, late]).medianResultId).toBe(early.resultId);
  });

  it("counts only VALID, succeeded, dispatched runs with a DSC and a per-case time", () => {
    const runs = [
      run({ perCaseMeanMs: 1000 }),
      run({ perCaseMeanMs: 10, rankable: false }),
      run({ perCaseMeanMs: 10, verdict: "INVALID" }),
      run({ perCaseMeanMs: 10, status: "failed", verdict: "INVALID" }),
      run({ perCaseMeanMs: null }),
      run({ meanDice: null, perCaseMeanMs: 10 }),
    ];
    expect(runs.map(runExclusion)).toEqual([
      null,
      "not dispatched by the hub for this model and suite",
      "INVALID",
      "INVALID",
      "no mean DSC or per-case time",
      "no mean DSC or per-case time",
    ]);
    const d = device("d", runs);
    expect(d.runs).toBe(1);
    expect(d.perCaseMeanMs).toBe(1000);
  });

  it("is null for a device with no VALID run", () => {
    expect(deviceFigure("d", [run({ verdict: "INVALID" }), run({ rankable: false })])).toBeNull();
    expect(deviceFigure("d", [])).toBeNull();
  });

  it("leaves UNSTABLE runs out while the device has a stable one, and says so when it has none", () => {
    const mixed = device("d", [run({ perCaseMeanMs: 1000 }), run({ perCaseMeanMs: 5000, stable: false })]);
    expect(mixed.perCaseMeanMs).toBe(1000);
    expect(mixed.runs).toBe(1);
    expect(mixed.unstableRuns).toBe(0);
    const shaky = device("d", [
      run({ perCaseMeanMs: 1000, stable: false }),
      run({ perCaseMeanMs: 3000, stable: false }),
    ]);
    expect(shaky.perCaseMeanMs).toBe(2000);
    expect(shaky.unstableRuns).toBe(2);
  });

  it("medians each number over the runs that report it (an older agent's missing energy is no zero)", () => {
    const d = device("d", [
      run({ energyPerCaseJ: 12 }),
      run({ energyPerCaseJ: null }),
      run({ energyPerCaseJ: 14 }),
    ]);
    expect(d.energyPerCaseJ).toBe(13);
  });

  it("throttles by the majority of the runs that reported throttling", () => {
    const two = device("d", [
      run({ throttled: true }),
      run({ throttled: true }),
      run({ throttled: false }),
      run({ throttled: null }),
    ]);
    expect([two.throttledRuns, two.throttleKnownRuns]).toEqual([2, 3]);
    expect(deviceThrottles(two)).toBe(true);
    expect(deviceThrottles(device("d", [run({ throttled: true }), run({ throttled: false })]))).toBe(false);
    expect(deviceThrottles(device("d", [run({ throttled: null })]))).toBeNull();
  });
});

describe("classFigure", () => {
  // Five Raspberry Pis: per-case medians 1000, 1100, 1200, 1300 and an outlier at 9000 ms.
  const fleet = ["pi-a", "pi-b", "pi-c", "pi-d", "pi-e"].map((id, i) =>
    device(id, [
      run({ perCaseMeanMs: [1000, 1100, 1200, 1300, 9000][i] as number, peakRssMb: 400 + 10 * i }),
      run({ perCaseMeanMs: ([1000, 1100, 1200, 1300, 9000][i] as number) - 100, peakRssMb: 400 + 10 * i }),
    ]),
  );

  it("takes the median across devices with p90, min, max and counts; an outlier device moves the tail, not the median", () => {
    const c = classFigure(fleet)!;
    // Device medians: 950, 1050, 1150, 1250, 8950.
    expect(c.perCaseMeanMs.median).toBe(1150);
    // Type 7 over 5 values: position 3.6 → 1250 + 0.6 × (8950 − 1250) = 5870.
    expect(c.perCaseMeanMs.p90).toBeCloseTo(5870, 9);
    expect([c.perCaseMeanMs.min, c.perCaseMeanMs.max]).toEqual([950, 8950]);
    expect([c.devices, c.runs]).toEqual([5, 10]);
    expect(c.best).toEqual({ perCaseMs: 900, resultId: fleet[0]?.bestResultId, deviceId: "pi-a" });
    expect(c.representative?.deviceId).toBe("pi-c");
  });

  it("weighs each device once however many runs it has", () => {
    const busy = device(
      "busy",
      Array.from({ length: 9 }, () => run({ perCaseMeanMs: 100 })),
    );
    const quiet = [
      device("q1", [run({ perCaseMeanMs: 2000 })]),
      device("q2", [run({ perCaseMeanMs: 3000 })]),
    ];
    expect(classFigure([busy, ...quiet])?.perCaseMeanMs.median).toBe(2000);
  });

  it("works with one device", () => {
    const c = classFigure([device("only", [run({ perCaseMeanMs: 1234 })])])!;
    expect([c.devices, c.perCaseMeanMs.median, c.perCaseMeanMs.p90]).toEqual([1, 1234, 1234]);
  });

  it("is null without devices", () => {
    expect(classFigure([])).toBeNull();
  });

  it("judges the time budget at the fleet quantile: 9 of 10 devices within the budget passes at 90 %", () => {
    const policy = { ...testPolicy(), caseTimeBudgetS: 2 };
    const ten = Array.from({ length: 10 }, (_, i) =>
      device(`d${i}`, [run({ perCaseMeanMs: i < 9 ? 1500 : 2500 })]),
    );
    const summary = fleetSummary(model, classFigure(ten)!, null);
    const time = evaluateConstraints(summary, policy).executionTime;
    expect(time.status).toBe("pass");
    expect(time.value).toBe("9 of 10 devices (90 %) within 2 s per case; median 1.5 s, p90 1.6 s");
    expect(time.detail).toContain("90 % of the class's devices must meet the budget");
    const eight = [...ten.slice(0, 8), ...ten.slice(9), device("d10", [run({ perCaseMeanMs: 2500 })])];
    const failing = evaluateConstraints(fleetSummary(model, classFigure(eight)!, null), policy).executionTime;
    expect(failing.status).toBe("fail");
    expect(failing.detail).toContain("Only 8 of 10 devices (80 %) meet the 2 s budget");
  });

  it("says when a figure rests on one device", () => {
    const one = fleetSummary(model, classFigure([device("only", [run({ perCaseMeanMs: 1500 })])])!, null);
    const time = evaluateConstraints(one, testPolicy()).executionTime;
    expect(time.value).toBe("1.5 s of 300 s per case");
    expect(time.detail).toContain("Measured on one device only");
  });

  it("judges memory and throttling per device at the fleet quantile", () => {
    const policy = { ...testPolicy(), memoryBudgetMb: 1000, fleetQuantile: 0.75 };
    const devices = [
      device("a", [run({ peakRssMb: 900 })]),
      device("b", [run({ peakRssMb: 950 })]),
      device("c", [run({ peakRssMb: 990 })]),
      device("d", [run({ peakRssMb: 1200, throttled: true })]),
    ];
    const resources = evaluateConstraints(fleetSummary(model, classFigure(devices)!, null), policy).resources;
    expect(resources.status).toBe("pass"); // 3 of 4 = 75 % for each part
    expect(resources.value).toBe(
      "3 of 4 devices (75 %) within 1000 MB; median 970 MB, max 1200 MB; 1 of 4 devices throttled",
    );
    const strict = evaluateConstraints(fleetSummary(model, classFigure(devices)!, null), {
      ...policy,
      fleetQuantile: 0.9,
    });
    expect(strict.resources.status).toBe("fail");
  });

  it("ranks the typical device: a model whose best run is fastest loses to one faster on the median device", () => {
    const lucky = classFigure([
      device("a", [run({ perCaseMeanMs: 200 }), run({ perCaseMeanMs: 3000 }), run({ perCaseMeanMs: 3100 })]),
      device("b", [run({ perCaseMeanMs: 3200 })]),
    ])!;
    const steady = classFigure([
      device("a", [run({ perCaseMeanMs: 1000 })]),
      device("b", [run({ perCaseMeanMs: 1100 })]),
    ])!;
    const ranking = rankModels(
      [
        fleetSummary({ ...model, id: "lucky" }, lucky, null),
        fleetSummary({ ...model, id: "steady" }, steady, null),
      ],
      testPolicy(),
    );
    expect(ranking.ranked.map((r) => r.summary.model.id)).toEqual(["steady", "lucky"]);
    expect(lucky.best?.perCaseMs).toBe(200);
    expect(lucky.perCaseMeanMs.median).toBe(3100); // device medians 3000 and 3200
  });
});

describe("consistencyFlags", () => {
  const at = (id: string, meanDice: number, backend = "node") => device(id, [run({ meanDice, backend })]);

  it("flags a device whose DSC differs from the class median beyond the tolerance, with the numbers", () => {
    const flags = consistencyFlags([at("a", 0.9), at("b", 0.9004), at("c", 0.9), at("w", 0.87, "wasm")]);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      deviceId: "w",
      backends: ["wasm"],
      meanDice: 0.87,
      classMedianDice: 0.9,
    });
    expect(flags[0]?.difference).toBeCloseTo(-0.03, 12);
    expect(flags[0]?.message).toContain("−0.0300 from the class median 0.9000");
  });

  it("does not flag a device that agrees within the tolerance", () => {
    expect(consistencyFlags([at("a", 0.9), at("b", 0.9009), at("c", 0.8992)])).toEqual([]);
  });

  it("has nothing to compare with one device", () => {
    expect(consistencyFlags([at("a", 0.5)])).toEqual([]);
  });
});
