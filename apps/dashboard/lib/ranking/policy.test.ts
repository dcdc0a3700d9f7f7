import { DEFAULT_ORGAN_THRESHOLDS, DEFAULT_WEIGHTS } from "@edgeseg/scoring";
import { describe, expect, it } from "vitest";
import { type ClassRow, classPolicy, defaultClassPolicy, hasCustomScoring, policyUpdate } from "./policy.ts";

const row: ClassRow = {
  id: "raspberry-pi-4",
  memoryBudgetMb: 1200,
  caseTimeBudgetS: 250,
  diceThreshold: 0.7,
  nsdThreshold: 0.65,
  profile: { id: "raspberry-pi-4", budgets: { memoryMb: 1536, caseTimeSeconds: 300 } },
  scoring: null,
};

describe("classPolicy", () => {
  it("takes budgets and thresholds from the columns and the rest from the scoring defaults", () => {
    expect(classPolicy(row)).toEqual({
      memoryBudgetMb: 1200,
      caseTimeBudgetS: 250,
      diceThreshold: 0.7,
      nsdThreshold: 0.65,
      organThresholds: DEFAULT_ORGAN_THRESHOLDS,
      weights: DEFAULT_WEIGHTS,
      failPenalty: 0.5,
      fleetQuantile: 0.9,
      egressBoundKb: 256,
      fineTuningBudgetMinutes: 480,
      hardConstraints: ["resources", "accuracy", "executionTime", "dataLocality"],
    });
    expect(hasCustomScoring(row)).toBe(false);
  });

  it("uses a stored scoring policy, and ignores one that no longer validates", () => {
    const scoring = {
      organThresholds: { liver: { dice: 0.9 } },
      weights: { accuracy: 1, speed: 0, memory: 0, fineTuning: 0 },
      failPenalty: 0,
      hardConstraints: ["accuracy"],
    };
    expect(classPolicy({ ...row, scoring })).toMatchObject(scoring);
    expect(hasCustomScoring({ ...row, scoring })).toBe(true);
    // Saved before the fleet quantile existed: the default applies.
    expect(classPolicy({ ...row, scoring }).fleetQuantile).toBe(0.9);
    expect(classPolicy({ ...row, scoring: { ...scoring, fleetQuantile: 0.75 } }).fleetQuantile).toBe(0.75);
    const broken = { ...scoring, failPenalty: 7 };
    expect(classPolicy({ ...row, scoring: broken }).failPenalty).toBe(0.5);
    expect(hasCustomScoring({ ...row, scoring: broken })).toBe(false);
  });
});

describe("defaultClassPolicy", () => {
  it("resets budgets to the firmware profile's and thresholds to the scoring defaults", () => {
    expect(defaultClassPolicy(row)).toMatchObject({
      memoryBudgetMb: 1536,
      caseTimeBudgetS: 300,
      diceThreshold: 0.8,
      nsdThreshold: 0.8,
    });
  });

  it("keeps the current budgets when the class has no readable profile", () => {
    expect(defaultClassPolicy({ ...row, profile: null })).toMatchObject({
      memoryBudgetMb: 1200,
      caseTimeBudgetS: 250,
    });
  });
});

describe("policyUpdate", () => {
  it("stores budgets and thresholds as columns and the rest as scoring JSON, which reads back equal", () => {
    const policy = { ...classPolicy(row), failPenalty: 0.25, diceThreshold: 0.85 };
    const update = policyUpdate(policy);
    expect(update).toMatchObject({ memoryBudgetMb: 1200, caseTimeBudgetS: 250, diceThreshold: 0.85 });
    expect(Object.keys(update.scoring as object).sort()).toEqual([
      "egressBoundKb",
      "failPenalty",
      "fineTuningBudgetMinutes",
      "fleetQuantile",
      "hardConstraints",
      "organThresholds",
      "weights",
    ]);
    const stored = { ...row, ...(update as object), scoring: update.scoring } as ClassRow;
    expect(classPolicy(stored)).toEqual(policy);
  });
});
