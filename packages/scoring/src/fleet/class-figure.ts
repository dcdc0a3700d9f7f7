import { type DeviceFigure, type FleetNumbers, NUMBER_KEYS } from "./device-figure.ts";
import { finite, lowerMedianIndex, median, quantile } from "./stats.ts";

/** One number across a class's devices (each device's own median). */
export interface Spread {
  median: number | null;
  /** 90th percentile across devices (type 7): the slow tail for times, the heavy tail for memory. */
  p90: number | null;
  min: number | null;
  max: number | null;
  /** Devices that reported the number. */
  devices: number;
}

/** Every number of the fleet (FleetNumbers) as its spread across devices, and the counts behind it. */
export interface ClassFigure extends Record<keyof FleetNumbers, Spread> {
  devices: number;
  runs: number;
  /** Devices whose figure rests on UNSTABLE runs only (their timing spread exceeded the repeat rule). */
  unstableDevices: number;
  /** Counted runs that ended UNSTABLE, over all devices. */
  unstableRuns: number;
  /** Devices that reported throttling at all, and those that throttled in more than half of those runs. */
  throttle: { known: number; throttling: number };
  /** Data locality: counted runs with an egress audit among all counted runs, and the most any sent. */
  egress: {
    auditedRuns: number;
    runs: number;
    maxBytes: number | null;
    /** The most messages one job sent, and the largest single message, over every audited run. */
    maxMessages: number | null;
    largestMessageBytes: number | null;
  };
  /**
   * On-device fine-tuning: devices with at least one counted run that fine-tuned, and over all devices
   * the runs with a fine-tuning block, those that failed and those that ran out of memory.
   */
  fineTuning: { devices: number; runs: number; failedRuns: number; outOfMemoryRuns: number };
  /** The fastest single run in the class: shown for reference, never the ranking's figure. */
  best: { perCaseMs: number; resultId: string; deviceId: string } | null;
  /** The device at the class's (lower) median per-case time and its median run (per-organ rows). */
  representative: { deviceId: string; resultId: string | null } | null;
  perDevice: DeviceFigure[];
}

export function spread(values: readonly (number | null)[]): Spread {
  const known = finite(values);
  return {
    median: median(known),
    p90: quantile(known, 0.9),
    min: known.length > 0 ? Math.min(...known) : null,
    max: known.length > 0 ? Math.max(...known) : null,
    devices: known.length,
  };
}

/**
 * A class's figure for one model: each device counts once, by its own medians (deviceFigure); the
 * class takes the median across devices with its spread. A device with many runs weighs no more than
 * one with a single run, so one busy lab cannot stand for the fleet. null for no device.
 */
export function classFigure(devices: readonly DeviceFigure[]): ClassFigure | null {
  if (devices.length === 0) return null;
  const ordered = [...devices].sort((a, b) =>
    a.deviceId < b.deviceId ? -1 : a.deviceId > b.deviceId ? 1 : 0,
  );
  const spreads = Object.fromEntries(
    NUMBER_KEYS.map((key) => [key, spread(ordered.map((d) => d[key]))]),
  ) as Record<keyof FleetNumbers, Spread>;
  const timed = ordered.filter((d) => d.perCaseMeanMs !== null);
  const mid = timed[lowerMedianIndex(timed, (d) => d.perCaseMeanMs as number)];
  const bestDevice = ordered
    .filter((d) => d.bestPerCaseMs !== null && d.bestResultId !== null)
    .reduce<DeviceFigure | null>(
      (a, b) => (a === null || (b.bestPerCaseMs as number) < (a.bestPerCaseMs as number) ? b : a),
      null,
    );
  const throttleKnown = ordered.filter((d) => d.throttleKnownRuns > 0);
  return {
    devices: ordered.length,
    runs: ordered.reduce((n, d) => n + d.runs, 0),
    unstableDevices: ordered.filter((d) => d.runs > 0 && d.unstableRuns === d.runs).length,
    unstableRuns: ordered.reduce((n, d) => n + d.unstableRuns, 0),
    ...spreads,
    throttle: {
      known: throttleKnown.length,
      throttling: throttleKnown.filter((d) => deviceThrottles(d)).length,
    },
    egress: {
      auditedRuns: ordered.reduce((n, d) => n + d.egressAuditedRuns, 0),
      runs: ordered.reduce((n, d) => n + d.runs, 0),
      maxBytes: maxOrNull(ordered.map((d) => d.egressMaxBytes)),
      maxMessages: maxOrNull(ordered.map((d) => d.egressMaxMessages)),
      largestMessageBytes: maxOrNull(ordered.map((d) => d.egressLargestBytes)),
    },
    fineTuning: {
      devices: ordered.filter((d) => d.fineTuningRuns > 0).length,
      runs: ordered.reduce((n, d) => n + d.fineTuningRuns, 0),
      failedRuns: ordered.reduce((n, d) => n + d.fineTuningFailedRuns, 0),
      outOfMemoryRuns: ordered.reduce((n, d) => n + d.fineTuningOutOfMemoryRuns, 0),
    },
    best: bestDevice
      ? {
          perCaseMs: bestDevice.bestPerCaseMs as number,
          resultId: bestDevice.bestResultId as string,
          deviceId: bestDevice.deviceId,
        }
      : null,
    representative: mid ? { deviceId: mid.deviceId, resultId: mid.medianResultId } : null,
    perDevice: ordered,
  };
}

function maxOrNull(values: (number | null)[]): number | null {
  const known = finite(values);
  return known.length > 0 ? Math.max(...known) : null;
}

/** A device throttles when more than half of its runs that reported throttling saw it (the median rule). */
export function deviceThrottles(device: DeviceFigure): boolean | null {
  if (device.throttleKnownRuns === 0) return null;
  return device.throttledRuns * 2 > device.throttleKnownRuns;
}

/** How many devices reported `value` and how many of those are at or under `budget` (inclusive). */
export function withinBudget(
  devices: readonly DeviceFigure[],
  value: (d: DeviceFigure) => number | null,
  budget: number,
): { within: number; known: number } {
  const known = finite(devices.map(value));
  return { within: known.filter((v) => v <= budget).length, known: known.length };
}
