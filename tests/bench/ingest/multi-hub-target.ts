import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import type { Db } from "@edgeseg/db";
import { openHubDb } from "../../support/hub-db.ts";
import { type HubProcess, startHubProcess } from "../../support/hub-process.ts";
import { type DynsecMosquitto, startMosquittoDynsec } from "../../support/mosquitto.ts";
import { type Arrivals, arrivals } from "./arrivals.ts";
import { cpuSeconds } from "./cpu.ts";
import { provisionDevices, registerDevices, type SimDevice } from "./devices.ts";
import { figures, type PhaseFigures } from "./figures.ts";
import type { LoadRun } from "./load.ts";

/** The hubs' telemetry flush period (apps/hub/src/ingest/telemetry.ts) plus a margin. */
const TELEMETRY_FLUSH_WAIT_MS = 6000;
/** How often the stored-result count is read while the saturation loop waits for room. */
const COUNT_EVERY_MS = 100;

/**
 * Several `edgeseg-hub serve` processes (`--hub-id`) on one PostgreSQL database and one Mosquitto 2
 * with dynamic security, sharing ingest through `$share/edgeseg-hub/…` — the topology of
 * tests/fleet/multi-hub.test.ts and docker/compose.yaml. The simulated devices are written into the
 * database and provisioned on the broker through the hub's own dynamic security provisioner (as an
 * enrolment does), before the hubs start.
 *
 * Mosquitto acknowledges a device's result at once, so arrival is read from the database: a result
 * has arrived at its row's receivedAt, stamped by the hub inside the batch's transaction just before
 * the commit. The saturation loop is closed on stored results: at most one unstored result per agent.
 * The broker queues without a cap (`max_queued_messages 0`), so a count short of what was sent is a
 * loss in the hubs, not a drop policy.
 */
export async function multiHubTarget(
  dir: string,
  agents: number,
  hubs: number,
  logLevel: string,
  cpuProfDir?: string,
  ingestConnections?: number,
) {
  const broker: DynsecMosquitto = await startMosquittoDynsec({
    dir: join(dir, "mosquitto-dynsec"),
    verbose: false,
    extra: ["max_queued_messages 0"],
  });
  const passwordFile = join(dir, "broker-admin-password");
  writeFileSync(passwordFile, `${broker.adminPassword}\n`, { mode: 0o600 });
  const dataDir = join(dir, "hub");
  const db: Db = await openHubDb(dataDir);
  const devices: SimDevice[] = await registerDevices(db, agents);
  await provisionDevices(broker, db, devices);

  const running: HubProcess[] = [];
  for (let i = 1; i <= hubs; i++) {
    // One after the other: the first creates the shared data directory's service secret.
    const hub = await startHubProcess({
      dataDir,
      broker: broker.url,
      logLevel,
      nodeArgs: cpuProfDir ? ["--cpu-prof", "--cpu-prof-dir", cpuProfDir] : [],
      extraArgs: [
        ...["--hub-id", `bench-hub-${i}`],
        ...(ingestConnections === undefined ? [] : ["--ingest-connections", String(ingestConnections)]),
        ...["--broker-admin-user", broker.adminUser, "--broker-admin-password-file", passwordFile],
        // As for one hub (hub-target.ts): the per-device result rate would measure itself.
        ...["--result-burst", "1000000", "--results-per-hour", "1000000"],
      ],
    });
    hub.discardOutput(40);
    running.push(hub);
  }

  const totals = async () => ({
    results: await db.prisma.result.count(),
    telemetry: (await db.prisma.telemetry.aggregate({ _sum: { samples: true } }))._sum.samples ?? 0,
  });

  return {
    url: broker.url,
    devices,
    visibility: { checked: 0, visible: 0 },
    warnings: () => running.flatMap((h) => h.lines),
    async measure(
      phase: PhaseFigures["phase"],
      load: (book: Arrivals, room: (published: number) => Promise<void>) => Promise<LoadRun>,
    ): Promise<PhaseFigures> {
      const before = await totals();
      const pids = running.map((h) => h.pid);
      const cpu0 = cpuSeconds(pids);
      const since = new Date();
      const book = arrivals();
      let stored = 0;
      let counting = true;
      const counter = (async () => {
        while (counting) {
          stored = (await db.prisma.result.count()) - before.results;
          await sleep(COUNT_EVERY_MS);
        }
      })();
      const room = async (published: number) => {
        while (counting && published - stored >= agents) await sleep(COUNT_EVERY_MS / 2);
      };
      let run: LoadRun;
      try {
        run = await load(book, room);
      } finally {
        counting = false;
        await counter;
      }
      // Settled once two reads a flush period apart agree (results and the telemetry buckets).
      await sleep(TELEMETRY_FLUSH_WAIT_MS);
      let after = await totals();
      for (let waited = 0; waited < 120_000; waited += TELEMETRY_FLUSH_WAIT_MS) {
        await sleep(TELEMETRY_FLUSH_WAIT_MS);
        const now = await totals();
        if (now.results === after.results && now.telemetry === after.telemetry) break;
        after = now;
      }
      const rows = await db.prisma.result.findMany({
        where: { receivedAt: { gte: since } },
        select: { id: true, receivedAt: true },
      });
      for (const r of rows) book.arrived(r.id, r.receivedAt.getTime() - performance.timeOrigin);
      const delivered = {
        results: after.results - before.results,
        telemetry: after.telemetry - before.telemetry,
      };
      return figures("hub", phase, run, book, delivered, 0, cpuSeconds(pids) - cpu0);
    },
    async close() {
      await db.close();
      for (const hub of running) await hub.stop();
      await broker.stop();
    },
  };
}
