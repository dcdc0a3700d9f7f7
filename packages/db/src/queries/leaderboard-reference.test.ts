import { type DeviceFigure, deviceFigure, type FleetRun } from "@edgeseg/scoring";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeDispatched } from "../testing/dispatch.ts";
import { fineTuningBlock, resultDocument, SUITE_SHA } from "../testing/result-document.ts";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { rebuildDeviceModelStats } from "./device-model-stats.ts";
import { leaderboard } from "./leaderboard.ts";
import { upsertResult } from "./upsert-result.ts";

// Many runs over several devices with deliberate ties, INVALID runs, UNSTABLE runs, runs missing a
// number and runs the hub did not dispatch: the figures ingest keeps must equal the documented rule
// applied to every run, written out here from the list of runs the test made.
let db: Awaited<ReturnType<typeof tempDb>>;
const PI = "raspberry-pi-4";
const slice = { suiteSha256: SUITE_SHA, deviceClassId: PI };
const runs: (FleetRun & { deviceId: string; modelKey: string })[] = [];

beforeAll(async () => {
  db = await tempDb();
  for (const id of ["pi-a", "pi-b", "pi-c", "pi-d"]) await seedDevice(db, id, PI);
  let state = 11;
  const pick = <T>(items: T[]): T => {
    state = (state * 1103515245 + 12345) % 2 ** 31; // glibc's LCG; its low bits cycle, use the high ones
    return items[(state >>> 16) % items.length]!;
  };
  for (let i = 0; i < 160; i++) {
    const spec = {
      modelId: pick(["unet", "sam", "tiny"]),
      modelVersion: pick(["1.0.0", "1.0.0", "2.0.0"]),
      verdict: pick<"VALID" | "INVALID">(["VALID", "VALID", "VALID", "INVALID"]),
      perCaseMeanMs: pick([1000, 1200, 1500, 2200]),
      peakRssMb: pick([300, 350, 400]),
      throttled: pick([false, false, true, null]),
      stability: pick<"STABLE" | "UNSTABLE" | undefined>(["STABLE", "STABLE", "UNSTABLE", undefined]),
      createdAt: pick(["2026-11-20T10:00:00.000Z", "2026-11-21T10:00:00.000Z"]),
      organDice: { liver: pick([0.8, 0.85, 0.9]) },
      egressBytes: pick([20_000, 18_000, null]),
      fineTuning: pick([
        undefined,
        undefined,
        fineTuningBlock({ stepMs: pick([10, 12, 15]), peakRssMb: pick([200, 260]), after: pick([0.8, 0.9]) }),
        fineTuningBlock({ stepMs: 11, plateauMs: null, totalMs: pick([900, 1400]), before: 0.5 }),
        fineTuningBlock({
          failure: pick<"out-of-memory" | "crash">(["out-of-memory", "crash"]),
          peakRssMb: 900,
        }),
      ]),
    };
    const deviceId = pick(["pi-a", "pi-b", "pi-c", "pi-d"]);
    const dispatched = pick([true, true, true, false]);
    const doc = resultDocument(spec);
    const ctx = { deviceId, deviceClassId: PI };
    if (dispatched) await storeDispatched(db, doc, ctx);
    else await upsertResult(db, doc, ctx);
    runs.push({
      deviceId,
      modelKey: `${spec.modelId}@${spec.modelVersion}`,
      resultId: doc.resultId,
      status: "succeeded",
      verdict: spec.verdict,
      rankable: dispatched,
      backend: "node",
      stable: spec.stability === undefined ? null : spec.stability === "STABLE",
      meanDice: doc.accuracy?.meanDice ?? null,
      meanNsd: doc.accuracy?.meanNsd ?? null,
      minOrganDice: doc.accuracy?.meanDice ?? null,
      minOrganNsd: doc.accuracy?.meanNsd ?? null,
      perCaseMeanMs: spec.perCaseMeanMs,
      p50Ms: 25,
      p90Ms: 30,
      p99Ms: 41,
      peakRssMb: spec.peakRssMb,
      throttled: spec.throttled,
      egressBytes: spec.egressBytes,
      egressMessages: spec.egressBytes === null ? null : 12,
      egressLargestBytes: spec.egressBytes === null ? null : 9_000,
      // The block's own numbers, written out: the rule picks which runs' numbers count.
      fineTuningStatus: spec.fineTuning?.status ?? null,
      fineTuningFailure: spec.fineTuning?.failure?.reason ?? null,
      fineTuningStepMs: spec.fineTuning?.stepMs?.p50 ?? null,
      fineTuningPlateauMs: spec.fineTuning ? (spec.fineTuning.plateau?.ms ?? spec.fineTuning.totalMs) : null,
      fineTuningPeakRssMb: spec.fineTuning?.peakRssMb ?? null,
      fineTuningDiceBefore: spec.fineTuning?.before?.meanDice ?? null,
      fineTuningDiceAfter: spec.fineTuning?.after?.meanDice ?? null,
      energyPerCaseJ: null,
      ramGbS: null,
      p50Cov: spec.stability === undefined ? null : spec.stability === "STABLE" ? 0.006 : 0.17,
      createdAt: new Date(spec.createdAt),
    });
  }
}, 120_000);
afterAll(() => db.dispose());

function reference(): Map<string, DeviceFigure[]> {
  const byModel = new Map<string, DeviceFigure[]>();
  const keys = [...new Set(runs.map((r) => r.modelKey))].sort();
  for (const key of keys) {
    const devices = ["pi-a", "pi-b", "pi-c", "pi-d"].flatMap((id) => {
      const figure = deviceFigure(
        id,
        runs.filter((r) => r.modelKey === key && r.deviceId === id),
      );
      return figure ? [figure] : [];
    });
    if (devices.length > 0) byModel.set(key, devices);
  }
  return byModel;
}

describe("per-device figures against the rule applied to every run", () => {
  it("keeps the same figures at ingest as the rule computes from all runs", async () => {
    const expected = reference();
    expect(expected.size).toBe(6); // every model and version has a counted run here
    const board = await leaderboard(db, slice);
    const actual = new Map(board.map((e) => [`${e.modelId}@${e.modelVersion}`, e.devices]));
    expect(actual).toEqual(expected);
    // The run mix reaches every fine-tuning and audit case the figures distinguish.
    const devices = [...expected.values()].flat();
    expect(devices.some((d) => d.fineTuningOutOfMemoryRuns > 0)).toBe(true);
    expect(devices.some((d) => d.fineTuningFailedRuns > d.fineTuningOutOfMemoryRuns)).toBe(true);
    expect(devices.some((d) => d.fineTuningStepMs !== null && d.fineTuningPlateauMs !== null)).toBe(true);
    expect(devices.some((d) => d.fineTuningRuns === 0)).toBe(true);
    expect(devices.some((d) => d.egressAuditedRuns < d.runs)).toBe(true);
  });

  it("rebuilds the same figures", async () => {
    await rebuildDeviceModelStats(db);
    const board = await leaderboard(db, slice);
    expect(new Map(board.map((e) => [`${e.modelId}@${e.modelVersion}`, e.devices]))).toEqual(reference());
  });
});
