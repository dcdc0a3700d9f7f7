import type { DetailedEntry, LeaderboardDetails } from "@edgeseg/db";
import { defaultPolicy } from "@edgeseg/scoring";
import { describe, expect, it } from "vitest";
import { buildLeaderboard } from "./leaderboard-view.ts";

const policy = defaultPolicy({ id: "test-class", budgets: { memoryMb: 1024, caseTimeSeconds: 300 } });

function entry(modelId: string, n: Partial<DetailedEntry>): DetailedEntry {
  return {
    modelId,
    modelVersion: "1.0.0",
    resultId: `r-${modelId}`,
    deviceId: "pi",
    backend: "node",
    meanDice: 0.9,
    meanNsd: 0.8,
    minOrganDice: 0.9,
    minOrganNsd: 0.8,
    perCaseMeanMs: 60_000,
    p50Ms: 25,
    p90Ms: 30,
    p99Ms: 41,
    peakRssMb: 512,
    throttled: false,
    createdAt: new Date("2026-11-20T10:00:00Z"),
    validRuns: 1,
    organs: [{ organ: "liver", labelValue: 1, n: 2, meanDice: 0.9, meanNsd: 0.8, meanHd95: 3 }],
    catalogue: null,
    runs: { rankable: 1, invalid: 0 },
    ...n,
  };
}

const details: LeaderboardDetails = {
  entries: [
    // A: passes everything, fine-tunable: 0.6 × 0.85 + 0.2 × 0.8 + 0.15 × 0.5 + 0.05 × 1 = 0.795.
    entry("a", {
      catalogue: {
        family: "target-specific",
        pipeline: "semantic-2d",
        trained: true,
        license: "MIT",
        fineTuning: { supported: true, notes: "" },
        intendedUse: "",
      },
      runs: { rankable: 3, invalid: 2 },
    }),
    // B: 400 s per case is over the 300 s budget: (0.6 × 0.925 + 0 + 0.15 × 0.75) × 0.5 = 0.33375.
    entry("b", { meanDice: 0.95, meanNsd: 0.9, perCaseMeanMs: 400_000, peakRssMb: 256 }),
    // C: no peak memory reported: resources unknown, no score; ranks after A, before failures.
    entry("c", { meanDice: 0.85, meanNsd: 0.82, perCaseMeanMs: 30_000, peakRssMb: null, throttled: null }),
    // D: throttled (resources fail), dominated by A: (0.6 × 0.8 + 0.2 × (1 − 100/300)) × 0.5 ≈ 0.30667.
    entry("d", { meanDice: 0.8, meanNsd: 0.8, perCaseMeanMs: 100_000, peakRssMb: 1024, throttled: true }),
  ],
  unranked: [
    {
      modelId: "tiny",
      modelVersion: "1.0.0",
      runs: { invalid: 2, incomplete: 0 },
      latest: {
        resultId: "r-tiny",
        status: "succeeded",
        verdict: "INVALID",
        createdAt: new Date("2026-11-21T10:00:00Z"),
        reasons: ["too few queries"],
      },
    },
  ],
};

describe("buildLeaderboard", () => {
  const view = buildLeaderboard(details, policy);

  it("ranks passing models first by score, unknown scores after, hard failures last", () => {
    expect(view.rows.map((r) => [r.rank, r.modelId, r.hardFailures])).toEqual([
      [1, "a", []],
      [2, "c", []],
      [3, "b", ["executionTime"]],
      [4, "d", ["resources"]],
    ]);
    expect(view.rows.map((r) => r.score)).toEqual([
      expect.closeTo(0.795, 9),
      null,
      expect.closeTo(0.33375, 9),
      expect.closeTo(0.306667, 5),
    ]);
  });

  it("carries each constraint's status and the numbers behind it", () => {
    const [a, c, b, d] = view.rows;
    expect(a?.constraints.fineTuning.status).toBe("pass");
    expect(b?.constraints.fineTuning.status).toBe("unknown");
    expect(c?.constraints.resources.status).toBe("unknown");
    expect(d?.constraints.resources.status).toBe("fail");
    expect(b?.constraints.executionTime.status).toBe("fail");
    expect(a?.constraints.dataLocality.status).toBe("pass");
    expect(a?.constraints.resources.value).toContain("512 MB");
  });

  it("marks the Pareto front of mean DSC against per-case time", () => {
    expect(view.rows.filter((r) => r.onFront).map((r) => r.modelId)).toEqual(["a", "c", "b"]);
  });

  it("lists models without a VALID result as excluded, with the reason", () => {
    expect(view.excluded).toEqual([
      {
        label: "tiny@1.0.0",
        resultId: "r-tiny",
        reason:
          "No rankable result: 2 INVALID runs. Latest run was INVALID: too few queries. Only VALID results are ranked.",
      },
    ]);
    expect(view.invalidRunsOfRanked).toBe(2);
    expect(view.rows[0]).toMatchObject({ rankableRuns: 3, invalidRuns: 2 });
  });

  it("prints the policy's formula and the ranking rules", () => {
    expect(view.formula).toMatch(/^score = \(0\.6 × accuracy \+ 0\.2 × speed/);
    expect(view.formula).toContain("1024 MB");
    expect(view.rules[0]).toMatch(/^Only VALID results count/);
  });
});
