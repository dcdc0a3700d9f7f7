import type { PhaseFigures } from "./figures.ts";
import type { IdleFootprint } from "./idle-agent.ts";

const pad = (v: unknown, n: number) => String(v ?? "-").padStart(n);

/** The human-readable table: one row per phase and target, then the ratio and the idle agent. */
export function table(
  rows: PhaseFigures[],
  ratio: number | null,
  idle: IdleFootprint | null,
  meta: {
    agents: number;
    cores: number;
    connectS: { hub: number; mosquitto: number | null };
    database: string;
    hubs: number;
  },
): string {
  const head = `${"phase".padEnd(11)}${"target".padEnd(10)}${pad("s", 6)}${pad("results/s", 11)}${pad("telem/s", 9)}${pad("msgs/s", 8)}${pad("p50 ms", 8)}${pad("p99 ms", 8)}${pad("sent", 9)}${pad("stored", 9)}${pad("lost", 6)}${pad("cpu ms/1k", 10)}`;
  const lines = rows.map((r) => {
    const sent = r.sent.results + r.sent.telemetry;
    const got = r.delivered.results + r.delivered.telemetry;
    return `${r.phase.padEnd(11)}${r.target.padEnd(10)}${pad(r.seconds, 6)}${pad(r.perSecond.results, 11)}${pad(r.perSecond.telemetry, 9)}${pad(r.perSecond.total, 8)}${pad(r.latencyMs.p50, 8)}${pad(r.latencyMs.p99, 8)}${pad(sent, 9)}${pad(got, 9)}${pad(sent - got, 6)}${pad(r.cpuMsPer1000, 10)}`;
  });
  const out = [
    `edgeseg ingest benchmark: ${meta.agents} simulated agents on 127.0.0.1, ${meta.cores} cores, ${meta.hubs} hub${meta.hubs > 1 ? "s sharing ingest through Mosquitto" : ""} on ${meta.database}`,
    `connect: hub ${meta.connectS.hub} s, mosquitto ${meta.connectS.mosquitto ?? "-"} s`,
    head,
    ...lines,
    meta.hubs > 1
      ? "latency = a result's publish → its row's receivedAt, stamped in the batch's transaction before the commit (hubs) / its arrival at the subscriber (mosquitto)"
      : "latency = a result's publish → its row committed (hub: PUBACK after commit) / its arrival at the subscriber (mosquitto)",
    `ratio hub / mosquitto, saturation msgs/s: ${ratio ?? "-"} (goal ≥ 0.5)`,
    "cpu ms/1k = CPU time (user + system, /proc) of the hub processes or of Mosquitto over the phase, per 1,000 messages delivered",
  ];
  if (idle) {
    out.push(
      `agent idle ${idle.seconds} s: RSS ${idle.rssMb.max} MB max (anon ${idle.rssAnonMb.max} MB, PSS ${idle.pssMb} MB), CPU ${idle.cpuPercentOfOneCore} % of one core (goals ≤ 60 MB, ≤ 0.5 %)`,
    );
    const after = idle.afterJobs;
    if (after)
      out.push(
        `agent idle ${after.seconds} s after ${after.jobs} jobs: RSS ${after.rssMb.max} MB max (anon ${after.rssAnonMb.max} MB, PSS ${after.pssMb} MB), CPU ${after.cpuPercentOfOneCore} % of one core (same goals)`,
      );
  }
  return out.join("\n");
}
