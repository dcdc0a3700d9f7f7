// `npm run bench:ingest`: N simulated agents (mqtt.js clients, 127.0.0.1 only) send telemetry and
// results to a real `edgeseg-hub serve` process; it measures messages/s into the database and the
// p99 publish-to-row latency, then the same load relayed by Debian's Mosquitto without ingest (a
// subscriber counts arrivals) for the hub/mosquitto ratio, then the idle agent's RSS and CPU.
// Prints a table and one JSON line; writes only into a temp dir, removed at the end. Bounded: each
// phase runs --seconds (default 15), drains for at most 60 s; the whole run takes about 2-3 minutes.
// Needs ~N+512 open files: `ulimit -n 4096` first if `ulimit -n` is lower (the script checks).
import { availableParallelism } from "node:os";
import { performance } from "node:perf_hooks";
import { handleFatal } from "@edgeseg/protocol";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import type { PhaseFigures } from "./ingest/figures.ts";
import { closeFleet, connectFleet, type SimAgent } from "./ingest/fleet.ts";
import { hubTarget } from "./ingest/hub-target.ts";
import { IDLE_JOBS, type IdleFootprint, measureIdleAgent } from "./ingest/idle-agent.ts";
import { saturationLoad, steadyLoad } from "./ingest/load.ts";
import { mosquittoTarget } from "./ingest/mosquitto-target.ts";
import { multiHubTarget } from "./ingest/multi-hub-target.ts";
import { checkOpenFiles } from "./ingest/open-files.ts";
import { parseOptions } from "./ingest/options.ts";
import { table } from "./ingest/report.ts";
import { round } from "./ingest/stats.ts";

async function main(): Promise<void> {
  const opts = parseOptions(process.argv.slice(2));
  checkOpenFiles(opts.agents);
  // The hub process and this script reach the same PostgreSQL database through tests/support/hub-db.ts,
  // on a throw-away server started on first use and stopped when this process exits.
  if (opts.database === "postgres") process.env.EDGESEG_TEST_DATABASE = "postgres";
  const dir = tempDir("bench-ingest");
  const rows: PhaseFigures[] = [];
  const connectS = { hub: 0, mosquitto: null as number | null };
  let fleet: SimAgent[] = [];
  let idle: IdleFootprint | null = null;
  let visibility = { checked: 0, visible: 0 };
  let hubWarnings = 0;
  const log = (s: string) => process.stderr.write(`[bench:ingest] ${s}\n`);
  const timed = async <T>(fn: () => Promise<T>): Promise<[T, number]> => {
    const t = performance.now();
    const value = await fn();
    return [value, round((performance.now() - t) / 1000, 1)!];
  };

  try {
    log(`hub: starting ${opts.hubs} on ${opts.database}, registering ${opts.agents} devices`);
    // One hub: its embedded broker, whose PUBACK follows the commit. Several: an external Mosquitto
    // sharing ingest between them, arrival read from the database (multi-hub-target.ts).
    const single = opts.hubs === 1;
    const hub = single
      ? await hubTarget(dir.path, opts.agents, opts.hubLogLevel, opts.hubCpuProf)
      : await multiHubTarget(
          dir.path,
          opts.agents,
          opts.hubs,
          opts.hubLogLevel,
          opts.hubCpuProf,
          opts.ingestConnections,
        );
    try {
      [fleet, connectS.hub] = await timed(() => connectFleet(hub.url, hub.devices));
      log(`hub: ${fleet.length} agents connected in ${connectS.hub} s; steady phase ${opts.seconds} s`);
      rows.push(await hub.measure("steady", (b) => steadyLoad(fleet, opts, b, single)));
      log("hub: saturation phase");
      rows.push(
        await hub.measure("saturation", (b, room?: (published: number) => Promise<void>) =>
          saturationLoad(fleet, { seconds: opts.seconds, ...(room ? { room } : {}) }, b, single),
        ),
      );
      visibility = hub.visibility;
      hubWarnings = hub.warnings().length;
    } finally {
      await closeFleet(fleet);
      await hub.close();
    }

    if (opts.mosquitto) {
      log("mosquitto: starting with the same devices");
      const relay = await mosquittoTarget(dir.path, hub.devices);
      try {
        [fleet, connectS.mosquitto] = await timed(() => connectFleet(relay.url, hub.devices));
        log(`mosquitto: connected in ${connectS.mosquitto} s; steady phase`);
        rows.push(await relay.measure("steady", (b) => steadyLoad(fleet, opts, b, false)));
        log("mosquitto: saturation phase");
        rows.push(await relay.measure("saturation", (b) => saturationLoad(fleet, opts, b, false)));
      } finally {
        await closeFleet(fleet);
        await relay.close();
      }
    }

    if (opts.idleSeconds > 0) {
      log(`agent: idle footprint over ${opts.idleSeconds} s`);
      // Measured again after two jobs: the goal (≤ 60 MB) holds for a daemon that has run jobs too.
      idle = await measureIdleAgent(opts.idleSeconds, {
        jobs: IDLE_JOBS,
        ...(opts.idleBundle ? { bundleDir: opts.idleBundle } : {}),
      });
    }
  } finally {
    await stopAll();
    dir.remove();
  }

  const saturation = (t: string) => rows.find((r) => r.phase === "saturation" && r.target === t);
  const hubSat = saturation("hub");
  const mqSat = saturation("mosquitto");
  const ratio = hubSat && mqSat ? round(hubSat.perSecond.total / mqSat.perSecond.total, 2) : null;
  const cores = availableParallelism();
  console.log(
    table(rows, ratio, idle, {
      agents: opts.agents,
      cores,
      connectS,
      database: opts.database,
      hubs: opts.hubs,
    }),
  );
  console.log(
    JSON.stringify({
      bench: "ingest",
      agents: opts.agents,
      database: opts.database,
      hubs: opts.hubs,
      cores,
      secondsPerPhase: opts.seconds,
      steady: { telemetryMs: opts.telemetryMs, resultMs: opts.resultMs },
      hubLogLevel: opts.hubLogLevel,
      connectS,
      phases: rows,
      ratioHubToMosquitto: ratio,
      rowVisibleAtPuback: visibility,
      hubWarnings,
      idleAgent: idle,
    }),
  );
}

main().catch((error: unknown) => handleFatal("bench:ingest", error));
