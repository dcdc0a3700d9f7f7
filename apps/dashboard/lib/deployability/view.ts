import type { SyntheticRun } from "@edgeseg/db";
import { classFigure, type DeviceFigure, median, type Spread, spread, withinBudget } from "@edgeseg/scoring";

/** Every number of this view comes from a skeleton's filled weights; shown wherever one is. */
export const SYNTHETIC_LABEL = "synthetic weights: timing and memory only";

/** A timing-only upload is registered as `<version>-skeleton` (lib/ranking/models/skeleton-upload.ts). */
export const isSkeletonVersion = (version: string): boolean => version.endsWith("-skeleton");

export interface ClassBudgets {
  id: string;
  name: string;
  memoryBudgetMb: number;
  caseTimeBudgetS: number;
}

/** The same model with its trained weights on the same class (the leaderboard's fleet figure). */
export interface TrainedFigure {
  classId: string;
  modelId: string;
  modelVersion: string;
  devices: number;
  perCaseMs: number | null;
  p50Ms: number | null;
  peakRssMb: number | null;
}

export interface RuntimeSettingsKey {
  threads: number;
  memoryArena: boolean;
  memoryPattern: boolean;
}

export type Verdict = "fits" | "over-memory" | "over-time" | "over-both" | "fails" | "unknown";

export interface DeployRow {
  modelId: string;
  modelVersion: string;
  pipeline: SyntheticRun["pipeline"];
  settings: RuntimeSettingsKey & { label: string };
  /** Devices with at least one VALID, succeeded run (each counted once, by its medians). */
  devices: number;
  runs: number;
  failed: { count: number; reasons: string[] };
  memory: Spread & { within: number; known: number };
  perCase: Spread & { within: number; known: number };
  /** SingleStream p50: per slice (semantic-2d) or per interaction, encoder + one box (promptable-2d). */
  perQuery: Spread & { unit: "slice" | "interaction" };
  load: Spread;
  verdict: Verdict;
  verdictText: string;
  trained: (TrainedFigure & { timingRatio: number | null; memoryRatio: number | null }) | null;
}

export interface DeployClass {
  budgets: ClassBudgets;
  rows: DeployRow[];
}

const settingsLabel = (s: RuntimeSettingsKey) =>
  `${s.threads === 0 ? "auto" : s.threads} thread${s.threads === 1 ? "" : "s"} · arena ${s.memoryArena ? "on" : "off"} · pattern ${s.memoryPattern ? "on" : "off"}`;

/** A device's figure over its VALID, succeeded skeleton runs: the medians the fleet statistic reads. */
function deviceFigure(deviceId: string, runs: readonly SyntheticRun[]): DeviceFigure {
  const m = (pick: (r: SyntheticRun) => number | null) => median(runs.map(pick));
  // Built as a value, not returned as a literal: fields the fleet figure gains later (and this view does
  // not read) may be listed here before they exist.
  const figure = {
    deviceId,
    backends: [...new Set(runs.map((r) => r.backend))].sort(),
    runs: runs.length,
    unstableRuns: 0,
    throttledRuns: 0,
    throttleKnownRuns: 0,
    meanDice: null,
    meanNsd: null,
    minOrganDice: null,
    minOrganNsd: null,
    perCaseMeanMs: m((r) => r.perCaseMeanMs),
    p50Ms: m((r) => r.p50Ms),
    p90Ms: null,
    p99Ms: null,
    peakRssMb: m((r) => r.peakRssMb),
    energyPerCaseJ: null,
    ramGbS: null,
    p50Cov: null,
    bestPerCaseMs: null,
    bestResultId: null,
    medianResultId: null,
    egressAuditedRuns: 0,
    egressMaxBytes: null,
    egressMaxMessages: null,
    egressLargestBytes: null,
    fineTuningRuns: 0,
    fineTuningFailedRuns: 0,
    fineTuningOutOfMemoryRuns: 0,
    fineTuningStepMs: null,
    fineTuningPlateauMs: null,
    fineTuningPeakRssMb: null,
    fineTuningDiceBefore: null,
    fineTuningDiceAfter: null,
    lastRunAt: new Date(Math.max(...runs.map((r) => r.createdAt.getTime()))),
  };
  return figure;
}

const share = (w: { within: number; known: number }) =>
  w.known === 1 ? "the only device" : `${w.within} of ${w.known} devices`;

function verdictOf(
  devices: number,
  failed: DeployRow["failed"],
  memory: DeployRow["memory"],
  perCase: DeployRow["perCase"],
  budgets: ClassBudgets,
): { verdict: Verdict; verdictText: string } {
  if (devices === 0) {
    return failed.count > 0
      ? { verdict: "fails", verdictText: `every run failed (${failed.reasons.join(", ")})` }
      : { verdict: "unknown", verdictText: "no VALID run yet" };
  }
  const memOk = memory.known > 0 && memory.within === memory.known;
  const timeOk = perCase.known > 0 && perCase.within === perCase.known;
  const mem = `${share(memory)} within ${budgets.memoryBudgetMb} MB`;
  const time = `${share(perCase)} within ${budgets.caseTimeBudgetS} s per case`;
  if (memOk && timeOk) return { verdict: "fits", verdictText: `runs: ${mem}, ${time}` };
  if (!memOk && !timeOk) return { verdict: "over-both", verdictText: `${mem}; ${time}` };
  return memOk
    ? { verdict: "over-time", verdictText: `fits memory, too slow: ${time}` }
    : { verdict: "over-memory", verdictText: `too much memory: ${mem}` };
}

const ratio = (a: number | null, b: number | null) => (a !== null && b !== null && b > 0 ? a / b : null);

/**
 * Which skeletons each device class can run at all, per runtime setting: peak memory against the
 * class's memory budget and time per case against its case-time budget, each device counted once by
 * its medians and the class by scoring's classFigure (median across devices, p90 and range beside it).
 * Where the same model has trained-weight figures on the class, they stand beside the skeleton's.
 */
export function deployability(
  classes: readonly ClassBudgets[],
  runs: readonly SyntheticRun[],
  trained: readonly TrainedFigure[],
): DeployClass[] {
  const out: DeployClass[] = [];
  for (const budgets of classes) {
    const mine = runs.filter((r) => r.deviceClassId === budgets.id);
    if (mine.length === 0) continue;
    const groups = new Map<string, SyntheticRun[]>();
    for (const r of mine) {
      const key = JSON.stringify([r.modelId, r.modelVersion, r.threads, r.memoryArena, r.memoryPattern]);
      groups.set(key, [...(groups.get(key) ?? []), r]);
    }
    const rows: DeployRow[] = [];
    for (const group of groups.values()) {
      const first = group[0] as SyntheticRun;
      const counted = group.filter((r) => r.status === "succeeded" && r.verdict === "VALID");
      const byDevice = new Map<string, SyntheticRun[]>();
      for (const r of counted) byDevice.set(r.deviceId, [...(byDevice.get(r.deviceId) ?? []), r]);
      const figures = [...byDevice].map(([id, rs]) => deviceFigure(id, rs));
      const fleet = classFigure(figures);
      const failedRuns = group.filter((r) => r.status === "failed");
      const failed = {
        count: failedRuns.length,
        reasons: [...new Set(failedRuns.map((r) => r.failure?.reason ?? "failed"))].sort(),
      };
      const memory = {
        ...(fleet?.peakRssMb ?? spread([])),
        ...withinBudget(figures, (d) => d.peakRssMb, budgets.memoryBudgetMb),
      };
      const perCase = {
        ...(fleet?.perCaseMeanMs ?? spread([])),
        ...withinBudget(figures, (d) => d.perCaseMeanMs, budgets.caseTimeBudgetS * 1000),
      };
      const load = spread([...byDevice.values()].map((rs) => median(rs.map((r) => r.sessionCreateMs))));
      // The trained weights of the same version (a timing-only upload is "<version>-skeleton"), else
      // of any version of the same model.
      const base = first.modelVersion.replace(/-skeleton$/, "");
      const sameModel = trained.filter((t) => t.classId === budgets.id && t.modelId === first.modelId);
      const link = sameModel.find((t) => t.modelVersion === base) ?? sameModel[0];
      const settings = {
        threads: first.threads,
        memoryArena: first.memoryArena,
        memoryPattern: first.memoryPattern,
      };
      rows.push({
        modelId: first.modelId,
        modelVersion: first.modelVersion,
        pipeline: first.pipeline,
        settings: { ...settings, label: settingsLabel(settings) },
        devices: figures.length,
        runs: group.length,
        failed,
        memory,
        perCase,
        perQuery: {
          ...(fleet?.p50Ms ?? spread([])),
          unit: first.pipeline === "promptable-2d" ? "interaction" : "slice",
        },
        load,
        ...verdictOf(figures.length, failed, memory, perCase, budgets),
        trained: link
          ? {
              ...link,
              timingRatio: ratio(perCase.median, link.perCaseMs),
              memoryRatio: ratio(memory.median, link.peakRssMb),
            }
          : null,
      });
    }
    rows.sort((a, b) =>
      a.modelId !== b.modelId
        ? a.modelId < b.modelId
          ? -1
          : 1
        : a.modelVersion !== b.modelVersion
          ? a.modelVersion < b.modelVersion
            ? -1
            : 1
          : a.settings.label < b.settings.label
            ? -1
            : 1,
    );
    out.push({ budgets, rows });
  }
  return out;
}
