import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { topicFor } from "@edgeseg/protocol";
import type { Arrivals } from "./arrivals.ts";
import type { SimAgent } from "./fleet.ts";
import { resultPayload, telemetryPayload } from "./payloads.ts";

export interface LoadRun {
  /** Messages published: results (QoS 1) and telemetry (QoS 0). */
  results: number;
  telemetry: number;
  /** Results the broker acknowledged, and publishes that failed. */
  acked: number;
  failed: number;
  /** performance.now() at the start and at the end of publishing. */
  t0: number;
  t1: number;
}

function publisher(run: LoadRun, book: Arrivals, ackIsArrival: boolean) {
  return {
    result(agent: SimAgent, done?: () => void) {
      const id = randomUUID();
      book.sent(id);
      run.results++;
      agent.client.publish(
        topicFor(agent.deviceId, "results"),
        resultPayload(id, agent.deviceId),
        { qos: 1 },
        (err) => {
          if (err) run.failed++;
          else {
            run.acked++;
            if (ackIsArrival) book.arrived(id);
          }
          done?.();
        },
      );
    },
    telemetry(agent: SimAgent) {
      run.telemetry++;
      agent.client.publish(
        topicFor(agent.deviceId, "telemetry"),
        telemetryPayload(randomUUID(), agent.deviceId),
        { qos: 0 },
      );
    },
  };
}

const newRun = (): LoadRun => ({
  results: 0,
  telemetry: 0,
  acked: 0,
  failed: 0,
  t0: performance.now(),
  t1: 0,
});

/** Waits until every result published has been acknowledged (or failed), at most `timeoutMs`. */
async function drainAcks(run: LoadRun, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  while (run.acked + run.failed < run.results && Date.now() < deadline) await sleep(20);
}

/**
 * Open loop, as a fleet behaves: every agent sends telemetry every `telemetryMs` and a result every
 * `resultMs`, each starting at a random offset so the fleet's messages are spread evenly.
 */
export async function steadyLoad(
  agents: SimAgent[],
  opts: { seconds: number; telemetryMs: number; resultMs: number },
  book: Arrivals,
  ackIsArrival: boolean,
): Promise<LoadRun> {
  const run = newRun();
  const send = publisher(run, book, ackIsArrival);
  const timers: NodeJS.Timeout[] = [];
  const every = (ms: number, fn: () => void) =>
    timers.push(
      setTimeout(() => {
        fn();
        timers.push(setInterval(fn, ms));
      }, Math.random() * ms),
    );
  for (const agent of agents) {
    every(opts.telemetryMs, () => send.telemetry(agent));
    every(opts.resultMs, () => send.result(agent));
  }
  await sleep(opts.seconds * 1000);
  for (const t of timers) clearTimeout(t);
  run.t1 = performance.now();
  await drainAcks(run);
  return run;
}

/**
 * Closed loop, to find the sustained rate: every agent keeps one result in flight (QoS 1) and sends
 * one telemetry beat per acknowledged result, until `seconds` have passed. `room`, when given, is
 * awaited before each result with the count published so far: an external broker acknowledges at
 * once, so the caller closes the loop on stored results instead (several hubs).
 */
export async function saturationLoad(
  agents: SimAgent[],
  opts: { seconds: number; room?: (published: number) => Promise<void> },
  book: Arrivals,
  ackIsArrival: boolean,
): Promise<LoadRun> {
  const run = newRun();
  const send = publisher(run, book, ackIsArrival);
  const end = run.t0 + opts.seconds * 1000;
  const loop = async (agent: SimAgent) => {
    if (performance.now() >= end) return;
    if (opts.room) await opts.room(run.results);
    if (performance.now() >= end) return;
    send.result(agent, () => {
      send.telemetry(agent);
      void loop(agent);
    });
  };
  for (const agent of agents) void loop(agent);
  await sleep(opts.seconds * 1000);
  run.t1 = performance.now();
  await drainAcks(run);
  return run;
}
