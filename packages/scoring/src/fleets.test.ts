import { isAppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { compareFleets } from "./fleets.ts";
import { testPolicy } from "./testing/policy.ts";
import { makeSummary } from "./testing/summary.ts";

const pi4 = testPolicy({ memoryBudgetMb: 1536, caseTimeBudgetS: 300 });
const x86 = testPolicy({ memoryBudgetMb: 4096, caseTimeBudgetS: 60 });

describe("compareFleets", () => {
  const result = compareFleets([
    {
      classId: "raspberry-pi-4",
      policy: pi4,
      summaries: [
        makeSummary("unet", { perCaseMeanMs: 120_000, peakRssMb: 400 }),
        makeSummary("sam", { verdict: "INVALID", verdictReasons: ["timed out"] }),
      ],
    },
    {
      classId: "generic-x86-64",
      policy: x86,
      summaries: [
        makeSummary("unet", { perCaseMeanMs: 30_000, peakRssMb: 450 }),
        makeSummary("sam", { perCaseMeanMs: 90_000, peakRssMb: 2000 }),
      ],
    },
  ]);
  const row = (id: string) => result.models.find((m) => m.model.id === id);

  it("lists the classes in the given order and the models by id", () => {
    expect(result.classIds).toEqual(["raspberry-pi-4", "generic-x86-64"]);
    expect(result.models.map((m) => m.model.id)).toEqual(["sam", "unet"]);
  });

  it("gives each model's speed relative to its fastest class", () => {
    const unet = row("unet");
    expect(unet?.fastestClassId).toBe("generic-x86-64");
    // 30 s on x86, 120 s on the Pi: the Pi runs it at 30 / 120 = 0.25 of the x86 speed.
    expect(unet?.byClass["raspberry-pi-4"]?.relativeSpeed).toBe(0.25);
    expect(unet?.byClass["generic-x86-64"]?.relativeSpeed).toBe(1);
  });

  it("says which class runs which model within its budgets", () => {
    expect(row("unet")?.byClass["raspberry-pi-4"]?.withinBudget).toBe(true);
    expect(row("unet")?.byClass["generic-x86-64"]?.withinBudget).toBe(true);
    // 90 s per case against the x86 class's 60 s budget.
    const sam = row("sam")?.byClass["generic-x86-64"];
    expect(sam?.withinBudget).toBe(false);
    expect(sam?.constraints.executionTime.value).toBe("90 s of 60 s per case");
    expect(sam?.relativeSpeed).toBe(1);
  });

  it("leaves a class empty where the model has no VALID result, and says why", () => {
    expect(row("sam")?.byClass["raspberry-pi-4"]).toBeNull();
    expect(result.excluded).toEqual([
      {
        classId: "raspberry-pi-4",
        model: { id: "sam", version: "1.0.0" },
        resultId: "result-sam",
        reason: "INVALID result: timed out. Only VALID results are ranked.",
      },
    ]);
  });

  it("reports unknown budgets as null and missing times without a relative speed", () => {
    const r = compareFleets([
      { classId: "a", policy: pi4, summaries: [makeSummary("m", { perCaseMeanMs: null, throttled: null })] },
      { classId: "b", policy: pi4, summaries: [makeSummary("m", { perCaseMeanMs: 0 })] },
    ]);
    const m = r.models[0];
    expect(m?.byClass["a"]?.withinBudget).toBeNull();
    expect(m?.byClass["a"]?.relativeSpeed).toBeNull();
    expect(m?.byClass["b"]?.relativeSpeed).toBe(1);
    expect(m?.fastestClassId).toBe("b");
  });

  it("refuses a class listed twice", () => {
    const input = { classId: "a", policy: pi4, summaries: [] };
    try {
      compareFleets([input, input]);
      expect.unreachable();
    } catch (error) {
      expect(isAppError(error) && error.code).toBe("USAGE");
      expect((error as Error).message).toBe(
        "Device class a is listed twice in the fleet comparison; list each class once.",
      );
    }
  });
});
