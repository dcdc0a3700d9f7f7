import type { DetailedEntry, LeaderboardDetails } from "@edgeseg/db";
import {
  classFigure,
  consistencyFlags,
  type DeviceFigure,
  defaultPolicy,
  deviceFigure,
  type FleetRun,
} from "@edgeseg/scoring";
import { run as fleetRun } from "@edgeseg/scoring/testing/fleet";
import { describe, expect, it } from "vitest";
import { buildLeaderboard } from "./leaderboard-view.ts";

const policy = defaultPolicy({ id: "test-class", budgets: { memoryMb: 1024, caseTimeSeconds: 300 } });

interface DeviceSpec {
  deviceId?: string;
  meanDice?: number;
  meanNsd?: number;
  perCaseMeanMs?: number;
  peakRssMb?: number | null;
  throttled?: boolean | null;
  stable?: boolean | null;
  backend?: string;
  /** Anything else of the run, e.g. its fine-tuning figures. */
  run?: Partial<FleetRun>;
}

/** One device's single dispatched VALID run as its figure. */
function device(spec: DeviceSpec, i = 0): DeviceFigure {
  const run = fleetRun({
    resultId: `r-${spec.deviceId ?? `pi-${i}`}-${spec.perCaseMeanMs ?? 60_000}`,
    backend: spec.backend ?? "node",
    stable: spec.stable === undefined ? true : spec.stable,
    meanDice: spec.meanDice ?? 0.9,
    meanNsd: spec.meanNsd ?? 0.8,
    minOrganDice: spec.meanDice ?? 0.9,
    minOrganNsd: spec.meanNsd ?? 0.8,
    perCaseMeanMs: spec.perCaseMeanMs ?? 60_000,
    p50Ms: 25,
    p90Ms: 30,
    p99Ms: 41,
    peakRssMb: spec.peakRssMb === undefined ? 512 : spec.peakRssMb,
    throttled: spec.throttled === undefined ? false : spec.throttled,
    p50Cov: null,
    createdAt: new Date("2026-11-20T10:00:00Z"),
    ...spec.run,
  });
  return deviceFigure(spec.deviceId ?? `pi-${i}`, [run])!;
}

function entry(
  modelId: string,
  devices: DeviceSpec[],
  n: Partial<Omit<DetailedEntry, "figure">> = {},
): DetailedEntry {
  const figures = devices.map(device);
  return {
    modelId,
    modelVersion: "1.0.0",
    figure: classFigure(figures)!,
    consistency: consistencyFlags(figures),
    organs: [{ organ: "liver", labelValue: 1, n: 2, meanDice: 0.9, meanNsd: 0.8, meanHd95: 3 }],
    catalogue: null,
    runs: { rankable: devices.length, invalid: 0, notDispatched: 0 },
    ...n,
  };
}

/** Fine-tuning measured on the device: 20 ms a step, plateau at 30 min, 300 MB, DSC 0.5 → 0.8. */
const tunedRun: Partial<FleetRun> = {
  fineTuningStatus: "succeeded",
  fineTuningStepMs: 20,
  fineTuningPlateauMs: 1_800_000,
  fineTuningPeakRssMb: 300,
  fineTuningDiceBefore: 0.5,
  fineTuningDiceAfter: 0.8,
};

const details: LeaderboardDetails = {
  entries: [
    // A: passes everything, fine-tuned on the device within budget: 0.6 × 0.85 + 0.2 × 0.8 + 0.15 × 0.5 + 0.05 × 1 = 0.795.
    entry("a", [{ run: tunedRun }], {
      catalogue: {
        family: "target-specific",
        pipeline: "semantic-2d",
        trained: true,
        license: "MIT",
        fineTuning: { supported: true, notes: "" },
        intendedUse: "",
      },
      runs: { rankable: 3, invalid: 2, notDispatched: 1 },
    }),
    // B: 400 s per case is over the 300 s budget: (0.6 × 0.925 + 0 + 0.15 × 0.75) × 0.5 = 0.33375.
    entry("b", [{ meanDice: 0.95, meanNsd: 0.9, perCaseMeanMs: 400_000, peakRssMb: 256 }]),
    // C: no peak memory nor throttling reported: resources unknown, no score; ranks after A.
    entry("c", [{ meanDice: 0.85, meanNsd: 0.82, perCaseMeanMs: 30_000, peakRssMb: null, throttled: null }]),
    // D: throttled (resources fail), dominated by A: (0.6 × 0.8 + 0.2 × (1 − 100/300)) × 0.5 ≈ 0.30667.
    entry("d", [{ meanDice: 0.8, meanNsd: 0.8, perCaseMeanMs: 100_000, peakRssMb: 1024, throttled: true }]),
    // E: three devices, one a slow WASM outlier with a diverging DSC: ranked by the median device.
    // Medians: DSC 0.9, NSD 0.8, 50 s per case, 512 MB: 0.6 × 0.85 + 0.2 × (1 − 50/300) + 0.15 × 0.5 = 0.751667.
    entry("e", [
      { deviceId: "pi-a", perCaseMeanMs: 40_000 },
      { deviceId: "pi-b", perCaseMeanMs: 50_000 },
      { deviceId: "pi-w", perCaseMeanMs: 290_000, backend: "wasm", meanDice: 0.88 },
    ]),
  ],
  unranked: [
    {
      modelId: "tiny",
      modelVersion: "1.0.0",
      runs: { invalid: 2, incomplete: 0, notDispatched: 0 },
      latest: {
        resultId: "r-tiny",
        status: "succeeded",
        verdict: "INVALID",
        createdAt: new Date("2026-11-21T10:00:00Z"),
        reasons: ["too few queries"],
        unrankedReason: null,
        weights: "own",
      },
    },
  ],
};

describe("buildLeaderboard", () => {
  const view = buildLeaderboard(details, policy);

  it("ranks passing models first by score, unknown scores after, hard failures last", () => {
    expect(view.rows.map((r) => [r.rank, r.modelId, r.hardFailures])).toEqual([
      [1, "a", []],
      [2, "e", []],
      [3, "c", []],
      [4, "b", ["executionTime"]],
      [5, "d", ["resources"]],
    ]);
    expect(view.rows.map((r) => r.score)).toEqual([
      expect.closeTo(0.795, 9),
      expect.closeTo(0.751667, 5),
      null,
      expect.closeTo(0.33375, 9),
      expect.closeTo(0.306667, 5),
    ]);
  });

  it("carries each constraint's status and the numbers behind it", () => {
    const [a, , c, b, d] = view.rows;
    expect(a?.constraints.fineTuning.status).toBe("pass");
    expect(b?.constraints.fineTuning.status).toBe("unknown");
    expect(c?.constraints.resources.status).toBe("unknown");
    expect(d?.constraints.resources.status).toBe("fail");
    expect(b?.constraints.executionTime.status).toBe("fail");
    expect(a?.constraints.dataLocality.status).toBe("pass");
    expect(a?.constraints.resources.value).toContain("512 MB");
  });

  it("shows the median device with the spread across devices, the best run apart, and diverging devices", () => {
    const e = view.rows.find((r) => r.modelId === "e")!;
    expect(e).toMatchObject({
      devices: 3,
      runs: 3,
      perCaseMeanMs: 50_000,
      meanDice: 0.9,
      backends: ["node", "wasm"],
    });
    expect(e.perCase).toMatchObject({ median: 50_000, min: 40_000, max: 290_000 });
    // Type 7 over three devices: position 1.8 → 50 s + 0.8 × 240 s = 242 s.
    expect(e.perCase.p90).toBeCloseTo(242_000, 6);
    expect(e.best).toEqual({ perCaseMs: 40_000, resultId: "r-pi-a-40000", deviceId: "pi-a" });
    expect(e.constraints.executionTime.value).toBe(
      "3 of 3 devices (100 %) within 300 s per case; median 50 s, p90 242 s",
    );
    expect(e.consistency.map((c) => [c.deviceId, c.backends])).toEqual([["pi-w", ["wasm"]]]);
    expect(view.rows.find((r) => r.modelId === "a")?.consistency).toEqual([]);
  });

  it("carries the measured constraints' numbers: fine-tuning and the egress audits", () => {
    const a = view.rows.find((r) => r.modelId === "a")!;
    expect(a.constraints.fineTuning.value).toBe(
      "step 20 ms; plateau 30 min of 8 h; peak 300 MB of 1024 MB; DSC 0.5 → 0.8 (+0.3)",
    );
    expect(a.fineTuning).toEqual({
      devices: 1,
      runs: 1,
      failedRuns: 0,
      outOfMemoryRuns: 0,
      stepMs: 20,
      plateauMs: 1_800_000,
      peakRssMb: 300,
      diceBefore: 0.5,
      diceAfter: 0.8,
    });
    expect(a.egress).toEqual({
      auditedRuns: 1,
      runs: 1,
      maxBytes: 20_000,
      maxMessages: 12,
      largestMessageBytes: 9_000,
    });
    expect(a.constraints.dataLocality.value).toBe("verified: 20 KB numbers only");
    // B ran no fine-tuning: not measured, whatever a manifest says.
    const b = view.rows.find((r) => r.modelId === "b")!;
    expect([b.constraints.fineTuning.status, b.constraints.fineTuning.value]).toEqual([
      "unknown",
      "not measured",
    ]);
  });

  it("labels an unranked model whose latest run measured synthetic weights", () => {
    const skeleton = buildLeaderboard(
      {
        entries: [],
        unranked: [
          {
            modelId: "big",
            modelVersion: "1.0.0-skeleton",
            runs: { invalid: 0, incomplete: 2, notDispatched: 0 },
            latest: {
              resultId: "r-big",
              status: "succeeded",
              verdict: "VALID",
              createdAt: new Date("2026-11-21T10:00:00Z"),
              reasons: [],
              unrankedReason: null,
              weights: "synthetic",
            },
          },
        ],
      },
      policy,
    );
    expect(skeleton.excluded[0]?.synthetic).toBe(true);
    expect(skeleton.excluded[0]?.reason).toContain(
      "Its latest run measured synthetic weights: timing and memory only",
    );
  });

  it("says the fleet rule in words", () => {
    expect(view.fleetRule).toBe(
      "90 % of the class's devices must meet the memory and time budgets and not throttle (each device judged by the median of its runs).",
    );
  });

  it("marks the Pareto front of median DSC against median per-case time", () => {
    expect(view.rows.filter((r) => r.onFront).map((r) => r.modelId)).toEqual(["e", "c", "b"]);
  });

  it("lists models without a rankable result as excluded, with the reason", () => {
    expect(view.excluded).toEqual([
      {
        label: "tiny@1.0.0",
        resultId: "r-tiny",
        reason:
          "No rankable result: 2 INVALID runs. Latest run was INVALID: too few queries. Only VALID results of jobs the hub dispatched are ranked.",
        synthetic: false,
      },
    ]);
    expect(view.invalidRunsOfRanked).toBe(2);
    expect(view.notDispatchedRunsOfRanked).toBe(1);
    expect(view.rows[0]).toMatchObject({ invalidRuns: 2, notDispatchedRuns: 1 });
  });

  it("prints the policy's formula and the ranking rules", () => {
    expect(view.formula).toMatch(/^score = \(0\.6 × accuracy \+ 0\.2 × speed/);
    expect(view.formula).toContain("1024 MB");
    expect(view.rules[0]).toMatch(/^Only results that answer a job the hub dispatched/);
  });
});
