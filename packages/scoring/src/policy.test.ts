import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isAppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { DEFAULT_HARD_CONSTRAINTS, defaultPolicy, type ProfileBudgets } from "./default-policy.ts";
import { parseClassPolicy } from "./policy.ts";

const profilesDir = join(import.meta.dirname, "../../../firmware-profiles");
const readProfile = (file: string) =>
  JSON.parse(readFileSync(join(profilesDir, file), "utf8")) as ProfileBudgets;

describe("defaultPolicy", () => {
  it("takes the budgets from the firmware profile and the documented defaults", () => {
    const policy = defaultPolicy(readProfile("raspberry-pi-4.json"));
    expect(policy.memoryBudgetMb).toBe(1536);
    expect(policy.caseTimeBudgetS).toBe(300);
    expect(policy.diceThreshold).toBe(0.8);
    expect(policy.nsdThreshold).toBe(0.8);
    expect(policy.organThresholds["pancreas"]).toEqual({ dice: 0.7, nsd: 0.7 });
    expect(policy.organThresholds["liver"]).toBeUndefined();
    expect(policy.weights).toEqual({ accuracy: 0.6, speed: 0.2, memory: 0.15, fineTuning: 0.05 });
    expect(policy.failPenalty).toBe(0.5);
    expect(policy.fineTuningBudgetMinutes).toBe(480); // one night
    expect(policy.hardConstraints).toEqual(["resources", "accuracy", "executionTime", "dataLocality"]);
  });

  it("gives every shipped firmware profile a valid policy", () => {
    const files = readdirSync(profilesDir).filter((f) => f.endsWith(".json") && f !== "profile.schema.json");
    expect(files.length).toBeGreaterThanOrEqual(8);
    for (const file of files) {
      const profile = readProfile(file);
      expect(defaultPolicy(profile).memoryBudgetMb).toBe(profile.budgets.memoryMb);
    }
  });

  it("does not share the default objects between policies", () => {
    const a = defaultPolicy(readProfile("raspberry-pi-4.json"));
    a.hardConstraints.push("fineTuning");
    a.weights.accuracy = 9;
    const pancreas = a.organThresholds["pancreas"];
    if (pancreas) pancreas.dice = 0.1;
    const b = defaultPolicy(readProfile("raspberry-pi-4.json"));
    expect(b.hardConstraints).toEqual(DEFAULT_HARD_CONSTRAINTS);
    expect(b.weights.accuracy).toBe(0.6);
    expect(b.organThresholds["pancreas"]?.dice).toBe(0.7);
  });

  it("refuses a profile with a zero budget, naming the profile", () => {
    expect(() => defaultPolicy({ id: "broken", budgets: { memoryMb: 0, caseTimeSeconds: 10 } })).toThrow(
      /firmware profile broken: memoryBudgetMb/,
    );
  });
});

describe("parseClassPolicy", () => {
  const valid = defaultPolicy(readProfile("raspberry-pi-4.json"));

  it("accepts a valid policy unchanged", () => {
    expect(parseClassPolicy(structuredClone(valid), "device class raspberry-pi-4")).toEqual(valid);
  });

  it("gives an older saved policy without a fine-tuning budget the default", () => {
    const { fineTuningBudgetMinutes: _dropped, ...older } = structuredClone(valid);
    expect(parseClassPolicy(older, "device class raspberry-pi-4").fineTuningBudgetMinutes).toBe(480);
  });

  it.each([
    [{ diceThreshold: 1.2 }, "diceThreshold"],
    [
      { weights: { accuracy: 0, speed: 0, memory: 0, fineTuning: 0 } },
      "weights: at least one weight must be above 0",
    ],
    [{ weights: { accuracy: -1, speed: 0, memory: 0, fineTuning: 1 } }, "weights.accuracy"],
    [{ organThresholds: { pancreas: {} } }, "organThresholds.pancreas: set dice, nsd or both"],
    [{ hardConstraints: ["speed"] }, "hardConstraints.0"],
    [{ failPenalty: 2 }, "failPenalty"],
    [{ fineTuningBudgetMinutes: 0 }, "fineTuningBudgetMinutes"],
    [{ fineTuningBudgetMinutes: "480" }, "fineTuningBudgetMinutes"],
    [{ extra: 1 }, "Unrecognized key"],
  ])("refuses %o with an INPUT error naming %s", (patch, expected) => {
    try {
      parseClassPolicy({ ...structuredClone(valid), ...patch }, "device class raspberry-pi-4");
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe("INPUT");
      expect((error as Error).message).toContain("Invalid scoring policy for device class raspberry-pi-4: ");
      expect((error as Error).message).toContain(expected);
    }
  });
});
