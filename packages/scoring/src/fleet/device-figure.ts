import { lowerMedianIndex, median } from "./stats.ts";

/** The numbers a run reports and a device's figure holds (the device's as medians over its runs). */
export interface FleetNumbers {
  meanDice: number | null;
  meanNsd: number | null;
  minOrganDice: number | null;
  minOrganNsd: number | null;
  perCaseMeanMs: number | null;
  p50Ms: number | null;
  p90Ms: number | null;
  p99Ms: number | null;
  peakRssMb: number | null;
  energyPerCaseJ: number | null;
  ramGbS: number | null;
  p50Cov: number | null;
  /**
   * On-device fine-tuning (the result's fineTuning block): median training step, time to the accuracy
   * plateau (the whole fine-tuning's time when no plateau was found), peak memory, and the new site's
   * mean DSC before and after. Times and DSC come from fine-tunings that succeeded; peak memory from
   * every one (an out-of-memory run's peak is what it needed at least).
   */
  fineTuningStepMs: number | null;
  fineTuningPlateauMs: number | null;
  fineTuningPeakRssMb: number | null;
  fineTuningDiceBefore: number | null;
  fineTuningDiceAfter: number | null;
}

/** Fine-tuning numbers that only a fine-tuning that succeeded reports (FleetNumbers). */
const SUCCEEDED_FINE_TUNING_KEYS = new Set<keyof FleetNumbers>([
  "fineTuningStepMs",
  "fineTuningPlateauMs",
  "fineTuningDiceBefore",
  "fineTuningDiceAfter",
]);

export const NUMBER_KEYS = [
  "meanDice",
  "meanNsd",
  "minOrganDice",
  "minOrganNsd",
  "perCaseMeanMs",
  "p50Ms",
  "p90Ms",
  "p99Ms",
  "peakRssMb",
  "energyPerCaseJ",
  "ramGbS",
  "p50Cov",
  "fineTuningStepMs",
  "fineTuningPlateauMs",
  "fineTuningPeakRssMb",
  "fineTuningDiceBefore",
  "fineTuningDiceAfter",
] as const satisfies readonly (keyof FleetNumbers)[];

/** One stored run of a model on a device, as the fleet statistic reads it (Result columns). */
export interface FleetRun extends FleetNumbers {
  resultId: string;
  status: "succeeded" | "failed";
  verdict: "VALID" | "INVALID";
  /** Answers a job the hub dispatched to this device for this model, suite and scenario. */
  rankable: boolean;
  backend: string;
  /** The run's repeat-rule outcome: true STABLE, false UNSTABLE, null not reported. */
  stable: boolean | null;
  throttled: boolean | null;
  /** Bytes the agent sent during the job (its egress audit); null when the document carried no audit. */
  egressBytes: number | null;
  /** The audit's message count and largest single message, bytes; null without an audit. */
  egressMessages: number | null;
  egressLargestBytes: number | null;
  /** The run's fine-tuning block: its status and, when it failed, the failure's reason; null without one. */
  fineTuningStatus: "succeeded" | "failed" | null;
  fineTuningFailure: string | null;
  createdAt: Date;
}

/** The numbers a device contributes to its class: medians over the runs that count. */
export interface DeviceFigure extends FleetNumbers {
  deviceId: string;
  /** Backends of the counted runs, sorted. */
  backends: string[];
  /** Runs counted in the medians. */
  runs: number;
  /** Counted runs whose repeat rule ended UNSTABLE (all of them when the device has no stable run). */
  unstableRuns: number;
  throttledRuns: number;
  /** Counted runs that reported whether throttling happened. */
  throttleKnownRuns: number;
  /** Counted runs that carry an egress audit, and the most bytes any of them sent (data locality). */
  egressAuditedRuns: number;
  egressMaxBytes: number | null;
  /** The most messages one audited job sent, and the largest single message of any, bytes. */
  egressMaxMessages: number | null;
  egressLargestBytes: number | null;
  /** Counted runs with a fine-tuning block, those whose fine-tuning failed, and those out of memory. */
  fineTuningRuns: number;
  fineTuningFailedRuns: number;
  fineTuningOutOfMemoryRuns: number;
  /** The device's fastest counted run (lowest per-case time): shown as "best run", never ranked. */
  bestPerCaseMs: number | null;
  bestResultId: string | null;
  /** The run at the device's (lower) median per-case time: its per-organ rows stand for the device. */
  medianResultId: string | null;
  lastRunAt: Date;
}

/** Why a run does not count for its device's figure, or null when it counts. */
export function runExclusion(run: FleetRun): string | null {
  if (!run.rankable) return "not dispatched by the hub for this model and suite";
  if (run.verdict !== "VALID") return "INVALID";
  if (run.status !== "succeeded") return "failed";
  if (run.meanDice === null || run.perCaseMeanMs === null) return "no mean DSC or per-case time";
  return null;
}

/**
 * A device's figure for one model on one suite: the median of each number over its VALID, succeeded,
 * rankable runs (each number over the runs that report it). Runs whose repeat rule ended UNSTABLE are
 * left out while the device has a stable (or unrated) run; a device with only UNSTABLE runs contributes
 * their medians and says so (unstableRuns = runs). null when no run counts.
 */
export function deviceFigure(deviceId: string, runs: readonly FleetRun[]): DeviceFigure | null {
  const counted = runs.filter((r) => runExclusion(r) === null);
  if (counted.length === 0) return null;
  const settled = counted.filter((r) => r.stable !== false);
  const used = settled.length > 0 ? settled : counted;
  const best = used.reduce((a, b) => (fasterRun(b, a) ? b : a));
  // Runs with equal per-case times are ordered by time, then result id, so the median run does not
  // depend on the order the database returned them in (SQLite and PostgreSQL differ).
  const ordered = [...used].sort(
    (a, b) =>
      a.createdAt.getTime() - b.createdAt.getTime() ||
      (a.resultId < b.resultId ? -1 : a.resultId > b.resultId ? 1 : 0),
  );
  const mid = ordered[lowerMedianIndex(ordered, (r) => r.perCaseMeanMs as number)];
  const throttleKnown = finiteFlags(used.map((r) => r.throttled));
  const audited = used.filter((r) => r.egressBytes !== null);
  const tuned = used.filter((r) => r.fineTuningStatus !== null);
  const tuningFailed = tuned.filter((r) => r.fineTuningStatus === "failed");
  return {
    deviceId,
    backends: [...new Set(used.map((r) => r.backend))].sort(),
    runs: used.length,
    unstableRuns: used.filter((r) => r.stable === false).length,
    throttledRuns: throttleKnown.filter(Boolean).length,
    throttleKnownRuns: throttleKnown.length,
    egressAuditedRuns: audited.length,
    egressMaxBytes: maxOrNull(audited.map((r) => r.egressBytes)),
    egressMaxMessages: maxOrNull(audited.map((r) => r.egressMessages)),
    egressLargestBytes: maxOrNull(audited.map((r) => r.egressLargestBytes)),
    fineTuningRuns: tuned.length,
    fineTuningFailedRuns: tuningFailed.length,
    fineTuningOutOfMemoryRuns: tuningFailed.filter((r) => r.fineTuningFailure === "out-of-memory").length,
    ...medians(used),
    bestPerCaseMs: best.perCaseMeanMs,
    bestResultId: best.resultId,
    medianResultId: mid?.resultId ?? null,
    lastRunAt: new Date(Math.max(...used.map((r) => r.createdAt.getTime()))),
  };
}

/** Each number's median over the runs that report it (fine-tuning times and DSC: succeeded fine-tunings). */
function medians(runs: readonly FleetRun[]): FleetNumbers {
  const tuned = runs.filter((r) => r.fineTuningStatus === "succeeded");
  return Object.fromEntries(
    NUMBER_KEYS.map((key) => [
      key,
      median((SUCCEEDED_FINE_TUNING_KEYS.has(key) ? tuned : runs).map((r) => r[key])),
    ]),
  ) as unknown as FleetNumbers;
}

function maxOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((v): v is number => v !== null);
  return known.length > 0 ? Math.max(...known) : null;
}

/** Lower per-case time, then the earlier run, then the id: one answer on every machine. */
function fasterRun(a: FleetRun, b: FleetRun): boolean {
  const [x, y] = [a.perCaseMeanMs as number, b.perCaseMeanMs as number];
  if (x !== y) return x < y;
  if (a.createdAt.getTime() !== b.createdAt.getTime()) return a.createdAt < b.createdAt;
  return a.resultId < b.resultId;
}

function finiteFlags(flags: (boolean | null)[]): boolean[] {
  return flags.filter((f): f is boolean => f !== null);
}
