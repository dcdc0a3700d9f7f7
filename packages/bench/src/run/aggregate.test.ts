import type { CaseResult } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { aggregateOrgans, overallMeans, perCaseSummary } from "./aggregate.ts";

const timing = { readMs: 1, preprocessMs: 1, inferMs: 1, postprocessMs: 1, totalMs: 4 };
const cases: CaseResult[] = [
  {
    caseId: "a",
    slices: 3,
    timing,
    organs: {
      liver: { labelValue: 1, dice: 0.9, nsd: 0.8, hd95: 4 },
      pancreas: { labelValue: 8, dice: 0, nsd: 0, hd95: null },
    },
  },
  { caseId: "b", slices: 3, timing, organs: { liver: { labelValue: 1, dice: 0.7, nsd: 0.6, hd95: 2 } } },
];

describe("aggregateOrgans", () => {
  it("averages per organ and skips infinite HD95", () => {
    const organs = aggregateOrgans(cases);
    expect(organs.liver).toEqual({ n: 2, meanDice: 0.8, meanNsd: 0.7, meanHd95: 3 });
    expect(organs.pancreas).toEqual({ n: 1, meanDice: 0, meanNsd: 0, meanHd95: null });
  });

  it("weighs organs equally in the overall mean", () => {
    const { meanDice, meanNsd } = overallMeans(aggregateOrgans(cases));
    expect(meanDice).toBeCloseTo(0.4, 12);
    expect(meanNsd).toBeCloseTo(0.35, 12);
    expect(overallMeans({})).toEqual({ meanDice: null, meanNsd: null });
  });
});

describe("perCaseSummary", () => {
  it("gives the median of an even count as the midpoint", () => {
    expect(perCaseSummary([40, 10, 30, 20])).toEqual({ count: 4, meanMs: 25, p50Ms: 25, maxMs: 40 });
    expect(perCaseSummary([])).toEqual({ count: 0, meanMs: 0, p50Ms: 0, maxMs: 0 });
  });
});
