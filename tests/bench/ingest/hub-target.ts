import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@edgeseg/db";
import { openHubDb } from "../../support/hub-db.ts";
import { type HubProcess, startHubProcess } from "../../support/hub-process.ts";
import { arrivals } from "./arrivals.ts";
import { cpuSeconds } from "./cpu.ts";
import { registerDevices, type SimDevice } from "./devices.ts";
import { figures, type PhaseFigures } from "./figures.ts";
import type { LoadRun } from "./load.ts";

/** The hub's telemetry flush period (apps/hub/src/ingest/telemetry.ts) plus a margin. */
const TELEMETRY_FLUSH_WAIT_MS = 6000;

/**
 * `edgeseg-hub serve` as its own process with its embedded broker, a fresh data directory, and the
 * simulated devices registered in its database. Results count as arrived at their PUBACK: the hub
 * commits the row before acknowledging (apps/hub README, "Delivery"); a sample of them is checked
 * in the database at that moment to confirm it.
 */
export async function hubTarget(dir: string, agents: number, logLevel: string, cpuProfDir?: string) {
  const hub: HubProcess = await startHubProcess({
    dataDir: join(dir, "hub"),
    logLevel,
    nodeArgs: cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [],
    // The saturation phase sends results as fast as PUBACKs return: the per-device result rate (a
    // defence, docs/security.md) would measure itself, not ingest.
    // The simulated fleet connects from one address, 50 at a time: above the per-address connection
    // cap and the cap on secret checks in flight, defences that are not what this measures either.
    extraArgs: [
      "--result-burst",
      "1000000",
      "--results-per-hour",
      "1000000",
      "--max-auth-checks",
      "256",
      "--max-connections-per-address",
      String(agents + 64),
    ],
  });
  hub.discardOutput(40); // keep warnings and errors only
  const db: Db = await openHubDb(hub.dataDir);
  const devices: SimDevice[] = await registerDevices(db, agents);
  const visibility = { checked: 0, visible: 0 };
  let nth = 0;
  const check = (id: string) => {
    if (nth++ % 50 !== 0) return;
    visibility.checked++;
    void db.prisma.result.count({ where: { id } }).then((n) => {
      visibility.visible += n;
    });
  };
  const totals = async () => ({
    results: await db.prisma.result.count(),
    telemetry: (await db.prisma.telemetry.aggregate({ _sum: { samples: true } }))._sum.samples ?? 0,
  });

  return {
    url: hub.mqttUrl,
    devices,
    visibility,
    warnings: () => hub.lines,
    async measure(
      phase: PhaseFigures["phase"],
      load: (book: ReturnType<typeof arrivals>) => Promise<LoadRun>,
    ): Promise<PhaseFigures> {
      const before = await totals();
      const cpu0 = cpuSeconds([hub.pid]);
      const book = arrivals(check);
      const run = await load(book);
      // Stored counts settle once ingest has caught up and the telemetry buckets have been written
      // (every 5 s). Time spent catching up after the first flush counts against the rate.
      await sleep(TELEMETRY_FLUSH_WAIT_MS);
      let after = await totals();
      let lagMs = 0;
      for (;;) {
        await sleep(TELEMETRY_FLUSH_WAIT_MS);
        const now = await totals();
        if (now.results === after.results && now.telemetry === after.telemetry) break;
        lagMs += TELEMETRY_FLUSH_WAIT_MS;
        after = now;
        if (lagMs >= 60_000) break;
      }
      const delivered = {
        results: after.results - before.results,
        telemetry: after.telemetry - before.telemetry,
      };
      const cpu = cpuSeconds([hub.pid]) - cpu0;
      return figures("hub", phase, run, book, delivered, lagMs / 1000, cpu);
    },
    async close() {
      await db.close();
      await hub.stop();
    },
  };
}
