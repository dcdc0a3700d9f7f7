import type { Arrivals } from "./arrivals.ts";
import type { LoadRun } from "./load.ts";
import { percentile, round } from "./stats.ts";

export interface PhaseFigures {
  target: "hub" | "mosquitto";
  phase: "steady" | "saturation";
  /** Publishing time, or until the last result arrived if that was later (the denominator). */
  seconds: number;
  sent: { results: number; telemetry: number };
  /** Hub: result rows and telemetry samples in the database. Mosquitto: what the subscriber got. */
  delivered: { results: number; telemetry: number };
  perSecond: { results: number; telemetry: number; total: number };
  /** Results, publish → arrival (hub: PUBACK, sent after the row commits; Mosquitto: the subscriber). */
  latencyMs: { p50: number | null; p99: number | null; max: number | null };
  failedPublishes: number;
  /**
   * CPU the target's processes used over the phase (publishing and catching up), per 1,000 messages
   * delivered, in ms: the hub processes, or Mosquitto relaying. null when not measured.
   */
  cpuMsPer1000: number | null;
}

export function figures(
  target: PhaseFigures["target"],
  phase: PhaseFigures["phase"],
  run: LoadRun,
  book: Arrivals,
  delivered: { results: number; telemetry: number },
  /** Catching up after publishing stopped, when measurable (hub: seen at telemetry flushes). */
  lagSeconds = 0,
  /** CPU seconds the target's processes used over the phase. */
  cpuSeconds: number | null = null,
): PhaseFigures {
  const messages = delivered.results + delivered.telemetry;
  const seconds = Math.max(run.t1 - run.t0, book.last() - run.t0) / 1000 + lagSeconds;
  const rate = (n: number) => round(n / seconds, 0)!;
  return {
    target,
    phase,
    seconds: round(seconds, 2)!,
    sent: { results: run.results, telemetry: run.telemetry },
    delivered,
    perSecond: {
      results: rate(delivered.results),
      telemetry: rate(delivered.telemetry),
      total: rate(delivered.results + delivered.telemetry),
    },
    latencyMs: {
      p50: round(percentile(book.latencies, 50)),
      p99: round(percentile(book.latencies, 99)),
      max: round(percentile(book.latencies, 100)),
    },
    failedPublishes: run.failed,
    cpuMsPer1000: cpuSeconds === null || messages === 0 ? null : round((cpuSeconds * 1e6) / messages, 0),
  };
}
