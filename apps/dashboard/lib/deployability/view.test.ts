import type { SyntheticRun } from "@edgeseg/db";
import { describe, expect, it } from "vitest";
import { deployability } from "./view.ts";

const pi = { id: "raspberry-pi-4", name: "Raspberry Pi 4", memoryBudgetMb: 1024, caseTimeBudgetS: 60 };
let n = 0;
function run(over: Partial<SyntheticRun>): SyntheticRun {
  n++;
  return {
    resultId: `r${n}`,
    deviceId: "pi-a",
    deviceClassId: pi.id,
    modelId: "medsam",
    modelVersion: "1.0",
    suiteSha256: "a".repeat(64),
    pipeline: "promptable-2d",
    status: "succeeded",
    verdict: "VALID",
    backend: "node",
    perCaseMeanMs: 50_000,
    p50Ms: 4600,
    peakRssMb: 900,
    sessionCreateMs: 2000,
    threads: 4,
    memoryArena: true,
    memoryPattern: true,
    failure: null,
    createdAt: new Date(2026, 11, n),
    ...over,
  };
}

describe("deployability", () => {
  it("judges each device by its medians against the class budgets, per runtime setting", () => {
    const runs = [
      // Arena on: device a at 900 and 1100 MB (median 1000, fits), device b at 1300 MB (over).
      run({ peakRssMb: 900, perCaseMeanMs: 40_000 }),
      run({ peakRssMb: 1100, perCaseMeanMs: 50_000 }),
      run({ deviceId: "pi-b", peakRssMb: 1300, perCaseMeanMs: 70_000, sessionCreateMs: 3000 }),
      // An INVALID run does not count; a failed one is listed by its reason.
      run({ deviceId: "pi-b", verdict: "INVALID", peakRssMb: 10 }),
      run({ deviceId: "pi-c", status: "failed", failure: { reason: "out-of-memory", message: "killed" } }),
      // Arena and pattern off, 2 threads: both devices fit memory and time.
      ...["pi-a", "pi-b"].map((deviceId, i) =>
        run({
          deviceId,
          memoryArena: false,
          memoryPattern: false,
          threads: 2,
          peakRssMb: 700 + 100 * i,
          perCaseMeanMs: 55_000,
        }),
      ),
    ];
    const [cls] = deployability([pi], runs, [
      {
        classId: pi.id,
        modelId: "medsam",
        modelVersion: "1.0",
        devices: 3,
        perCaseMs: 50_000,
        p50Ms: 4500,
        peakRssMb: 1000,
      },
    ]);
    const [on, off] = [
      cls!.rows.find((r) => r.settings.memoryArena)!,
      cls!.rows.find((r) => !r.settings.memoryArena)!,
    ];
    expect(on.settings.label).toBe("4 threads · arena on · pattern on");
    expect(on).toMatchObject({ devices: 2, runs: 5, failed: { count: 1, reasons: ["out-of-memory"] } });
    expect(on.memory).toMatchObject({ median: 1150, min: 1000, max: 1300, within: 1, known: 2 });
    expect(on.perCase).toMatchObject({ median: 57_500, within: 1, known: 2 });
    expect(on.load.median).toBe(2500);
    expect(on.perQuery.unit).toBe("interaction");
    expect(on.verdict).toBe("over-both");
    expect(on.verdictText).toBe("1 of 2 devices within 1024 MB; 1 of 2 devices within 60 s per case");
    expect(on.trained).toMatchObject({ perCaseMs: 50_000, timingRatio: 1.15, memoryRatio: 1.15 });
    expect(off.settings.label).toBe("2 threads · arena off · pattern off");
    expect(off.memory).toMatchObject({ median: 750, within: 2, known: 2 });
    expect(off.verdict).toBe("fits");
  });

  it("links a timing-only upload's version to the trained weights of its base version", () => {
    const fig = (modelVersion: string, perCaseMs: number) => ({
      classId: pi.id,
      modelId: "medsam",
      modelVersion,
      devices: 1,
      perCaseMs,
      p50Ms: null,
      peakRssMb: null,
    });
    const [cls] = deployability(
      [pi],
      [run({ modelVersion: "2.0-skeleton" })],
      [fig("1.0", 1), fig("2.0", 2)],
    );
    expect(cls!.rows[0]!.trained).toMatchObject({ modelVersion: "2.0", perCaseMs: 2 });
  });

  it("says a model fails when no run of it succeeded, and leaves classes without skeleton runs out", () => {
    const runs = [
      run({ status: "failed", failure: { reason: "out-of-memory", message: "killed" }, modelId: "vit-h" }),
    ];
    const other = { ...pi, id: "jetson-nano", name: "Jetson Nano" };
    const view = deployability([other, pi], runs, []);
    expect(view.map((c) => c.budgets.id)).toEqual([pi.id]);
    expect(view[0]!.rows[0]).toMatchObject({
      verdict: "fails",
      verdictText: "every run failed (out-of-memory)",
      devices: 0,
      trained: null,
    });
  });
});
