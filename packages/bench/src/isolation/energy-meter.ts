import type { EnergyReading, EnergySource } from "../device/energy/types.ts";
import { epochMs } from "./epoch.ts";

/** Energy used between two instants of a run (epoch ms), from the samples a meter took. */
export interface EnergyTrace {
  /** Joules between `startMs` and `endMs`; null when the samples do not cover the window. */
  between(startMs: number, endMs: number): number | null;
  /** Joules from the first to the last sample. */
  readonly joules: number;
  readonly samples: number;
}

/**
 * Reads an energy source through a run and keeps a running energy total against time. Counters
 * (RAPL) give the total directly; power meters (INA3221, Pi 5 PMIC) are integrated with the
 * trapezoid rule between samples. A window's energy is the difference of the total, linearly
 * interpolated at its two ends.
 */
export class EnergyMeter {
  private readonly points: { atMs: number; joules: number }[] = [];
  private lastPower: { atMs: number; watts: number } | null = null;
  private pending: Promise<void> | null = null;
  private lastRead = Number.NEGATIVE_INFINITY;

  constructor(private readonly source: EnergySource) {}

  get name(): string {
    return this.source.name;
  }

  /** Starts a read unless one is running or the source's minimum interval has not passed. */
  tick(): void {
    if (this.pending || performance.now() - this.lastRead < this.source.minIntervalMs) return;
    this.lastRead = performance.now();
    this.pending = this.sample().finally(() => (this.pending = null));
  }

  /** Waits for a running read, takes a last one, and returns the trace. */
  async finish(): Promise<EnergyTrace> {
    await this.pending;
    await this.sample();
    return this.trace();
  }

  /** The samples so far, as a trace. */
  trace(): EnergyTrace {
    return traceOf(this.points);
  }

  private async sample(): Promise<void> {
    const t0 = epochMs();
    const reading = await this.source.read();
    // The reading belongs to the middle of the read (a vcgencmd spawn takes milliseconds).
    this.add((t0 + epochMs()) / 2, reading);
  }

  /** Records one reading taken at `atMs` (epoch ms; readings arrive in time order). */
  add(atMs: number, reading: EnergyReading): void {
    if (reading.kind === "energy") {
      this.points.push({ atMs, joules: reading.joules });
      return;
    }
    const prev = this.lastPower;
    const total = this.points.at(-1)?.joules ?? 0;
    const joules = prev ? total + ((prev.watts + reading.watts) / 2) * ((atMs - prev.atMs) / 1000) : 0;
    this.points.push({ atMs, joules });
    this.lastPower = { atMs, watts: reading.watts };
  }
}

/** A trace over samples sorted by time. */
export function traceOf(points: readonly { atMs: number; joules: number }[]): EnergyTrace {
  const at = (t: number): number | null => {
    const first = points[0];
    const last = points.at(-1);
    if (!first || !last || t < first.atMs || t > last.atMs) return null;
    let i = 1;
    while (i < points.length - 1 && points[i]!.atMs < t) i++;
    const a = points[i - 1]!;
    const b = points[i] ?? a;
    if (b.atMs === a.atMs) return b.joules;
    return a.joules + ((b.joules - a.joules) * (t - a.atMs)) / (b.atMs - a.atMs);
  };
  return {
    between(startMs, endMs) {
      const a = at(startMs);
      const b = at(endMs);
      return a === null || b === null || endMs < startMs ? null : b - a;
    },
    joules: points.length > 0 ? points.at(-1)!.joules - points[0]!.joules : 0,
    samples: points.length,
  };
}
