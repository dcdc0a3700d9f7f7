import type { LeaderboardDetails } from "@edgeseg/db";
import {
  type ClassFigure,
  type ClassPolicy,
  type ConsistencyFlag,
  type ConstraintKey,
  type Constraints,
  paretoFront,
  rankModels,
  type Spread,
} from "@edgeseg/scoring";
import { summaryFromEntry, unrankedReason } from "./summaries.ts";

/** One ranked model as the page, its charts and the report show it: plain, serialisable values. */
export interface LeaderboardRow {
  rank: number;
  modelId: string;
  modelVersion: string;
  label: string;
  /** The representative device's median run (links to its document). */
  resultId: string | null;
  constraints: Constraints;
  score: number | null;
  workings: string;
  hardFailures: ConstraintKey[];
  /** Class medians across devices (each device by the median of its runs). */
  meanDice: number | null;
  meanNsd: number | null;
  perCaseMeanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  energyPerCaseJ: number | null;
  ramGbS: number | null;
  /** The spread across devices behind the medians. */
  perCase: Spread;
  peakRss: Spread;
  devices: number;
  /** Runs in the figures (dispatched, VALID). */
  runs: number;
  /** Devices whose figure rests on UNSTABLE runs only, and UNSTABLE runs counted. */
  unstableDevices: number;
  unstableRuns: number;
  invalidRuns: number;
  notDispatchedRuns: number;
  backends: string[];
  /** The fastest single run in the class: for reference, never the ranking's figure. */
  best: { perCaseMs: number; resultId: string; deviceId: string } | null;
  consistency: ConsistencyFlag[];
  /** Per device: id, median per-case time, median peak memory, runs, backends (the report's device list). */
  perDevice: {
    deviceId: string;
    perCaseMeanMs: number | null;
    peakRssMb: number | null;
    meanDice: number | null;
    runs: number;
    unstableRuns: number;
    backends: string[];
  }[];
  /** On the Pareto front of mean DSC against per-case time (class medians). */
  onFront: boolean;
  /** Data locality as measured: every counted run's egress audit (most bytes, messages, largest message). */
  egress: {
    auditedRuns: number;
    runs: number;
    maxBytes: number | null;
    maxMessages: number | null;
    largestMessageBytes: number | null;
  };
  /** On-device fine-tuning as measured: class medians across the devices that fine-tuned. */
  fineTuning: {
    devices: number;
    runs: number;
    failedRuns: number;
    outOfMemoryRuns: number;
    stepMs: number | null;
    plateauMs: number | null;
    peakRssMb: number | null;
    diceBefore: number | null;
    diceAfter: number | null;
  };
}

export interface ExcludedRow {
  label: string;
  resultId: string | null;
  reason: string;
  /** Its latest run measured a skeleton's synthetic weights (timing and memory only). */
  synthetic: boolean;
}

export interface LeaderboardView {
  rows: LeaderboardRow[];
  excluded: ExcludedRow[];
  /** INVALID runs of models that are ranked by their dispatched VALID runs. */
  invalidRunsOfRanked: number;
  /** VALID runs of ranked models that the hub did not dispatch (kept, never ranked). */
  notDispatchedRunsOfRanked: number;
  formula: string;
  rules: string[];
  /** The fleet rule in words, e.g. "90 % of the class's devices must meet the memory and time budgets". */
  fleetRule: string;
}

/** The two measured constraints' figures of a class figure: egress audits and on-device fine-tuning. */
export function measuredFigures(f: ClassFigure): Pick<LeaderboardRow, "egress" | "fineTuning"> {
  return {
    egress: { ...f.egress },
    fineTuning: {
      ...f.fineTuning,
      stepMs: f.fineTuningStepMs.median,
      plateauMs: f.fineTuningPlateauMs.median,
      peakRssMb: f.fineTuningPeakRssMb.median,
      diceBefore: f.fineTuningDiceBefore.median,
      diceAfter: f.fineTuningDiceAfter.median,
    },
  };
}

/** The policy's fleet quantile in the page's words. */
export function fleetRuleText(policy: ClassPolicy): string {
  const share = Number((policy.fleetQuantile * 100).toFixed(1));
  return policy.fleetQuantile >= 1
    ? "Every device of the class must meet the memory and time budgets and not throttle (each device judged by the median of its runs)."
    : `${share} % of the class's devices must meet the memory and time budgets and not throttle (each device judged by the median of its runs).`;
}

/**
 * Ranks one (suite, device class) with the class's policy: `rankModels` orders and scores each model's
 * fleet figure; models without one are listed as excluded with the reason. The Pareto front is computed
 * on the class's median DSC (higher is better) against its median per-case time (lower is better).
 */
export function buildLeaderboard(details: LeaderboardDetails, policy: ClassPolicy): LeaderboardView {
  const byLabel = new Map(details.entries.map((e) => [`${e.modelId}@${e.modelVersion}`, e]));
  const ranking = rankModels(details.entries.map(summaryFromEntry), policy);
  const front = new Set(
    paretoFront(
      details.entries.map((e) => ({
        id: `${e.modelId}@${e.modelVersion}`,
        accuracy: e.figure.meanDice.median,
        timeMs: e.figure.perCaseMeanMs.median,
      })),
    ),
  );
  const rows = ranking.ranked.map((r): LeaderboardRow => {
    const label = `${r.summary.model.id}@${r.summary.model.version}`;
    const entry = byLabel.get(label);
    if (!entry) throw new Error(`ranked model ${label} is not among the entries`);
    const f = entry.figure;
    return {
      rank: r.rank,
      modelId: entry.modelId,
      modelVersion: entry.modelVersion,
      label,
      resultId: f.representative?.resultId ?? null,
      constraints: r.constraints,
      score: r.score,
      workings: r.composite.workings,
      hardFailures: r.hardFailures,
      meanDice: f.meanDice.median,
      meanNsd: f.meanNsd.median,
      perCaseMeanMs: f.perCaseMeanMs.median,
      p50Ms: f.p50Ms.median,
      p90Ms: f.p90Ms.median,
      p99Ms: f.p99Ms.median,
      peakRssMb: f.peakRssMb.median,
      energyPerCaseJ: f.energyPerCaseJ.median,
      ramGbS: f.ramGbS.median,
      perCase: f.perCaseMeanMs,
      peakRss: f.peakRssMb,
      devices: f.devices,
      runs: f.runs,
      unstableDevices: f.unstableDevices,
      unstableRuns: f.unstableRuns,
      invalidRuns: entry.runs.invalid,
      notDispatchedRuns: entry.runs.notDispatched,
      backends: [...new Set(f.perDevice.flatMap((d) => d.backends))].sort(),
      best: f.best,
      consistency: entry.consistency,
      perDevice: f.perDevice.map((d) => ({
        deviceId: d.deviceId,
        perCaseMeanMs: d.perCaseMeanMs,
        peakRssMb: d.peakRssMb,
        meanDice: d.meanDice,
        runs: d.runs,
        unstableRuns: d.unstableRuns,
        backends: d.backends,
      })),
      onFront: front.has(label),
      ...measuredFigures(f),
    };
  });
  const excluded: ExcludedRow[] = [
    ...ranking.excluded.map((e) => ({
      label: `${e.model.id}@${e.model.version}`,
      resultId: e.resultId,
      reason: e.reason,
      synthetic: false,
    })),
    ...details.unranked.map((u) => ({
      label: `${u.modelId}@${u.modelVersion}`,
      resultId: u.latest?.resultId ?? null,
      reason: unrankedReason(u),
      synthetic: u.latest?.weights === "synthetic",
    })),
  ];
  return {
    rows,
    excluded,
    invalidRunsOfRanked: details.entries.reduce((n, e) => n + e.runs.invalid, 0),
    notDispatchedRunsOfRanked: details.entries.reduce((n, e) => n + e.runs.notDispatched, 0),
    formula: ranking.formula,
    rules: ranking.rules,
    fleetRule: fleetRuleText(policy),
  };
}
