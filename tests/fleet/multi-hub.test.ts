/**
 * Several hubs, as real processes: two `edgeseg-hub serve` on one PostgreSQL (a throw-away server
 * the test starts) and one Mosquitto 2 with the dynamic security plugin, which the hubs provision.
 * They share a data directory (artifacts, service secret), as docker/compose.yaml's hubs share a
 * volume. Three agents enrolled through hub A run four campaigns. Hub B is killed -9 right after it
 * took a result (shared subscription `$share/edgeseg-hub/…`), the broker is restarted once, hub B
 * comes back with its --hub-id. Every result is stored exactly once, every job finishes, no device
 * is left offline.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { afterAll, describe, expect, it } from "vitest";
import { type EnrolledAgent, enrollAgent, startAgentProcess } from "../support/agent-process.ts";
import { FAST_DATASET_ID, fastCampaign, writeFastSuite } from "../support/fast-suite.ts";
import { openHubDb } from "../support/hub-db.ts";
import { type HubProcess, hubCli, startHubProcess } from "../support/hub-process.ts";
import { type DynsecMosquitto, startMosquittoDynsec } from "../support/mosquitto.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-multi-hub");
const saved = process.env.EDGESEG_TEST_DATABASE;
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  if (saved === undefined) delete process.env.EDGESEG_TEST_DATABASE;
  else process.env.EDGESEG_TEST_DATABASE = saved;
  dir.remove();
});

const AGENTS = 3;
const CAMPAIGNS = 4;
const LEASE_MS = 10_000;
/** The agents' storage receipt window: a result lost in the broker's restart comes again after it. */
const RECEIPT_WAIT_S = 5;

/** Log lines of one hub process with this message. */
const count = (hub: HubProcess, msg: string) => hub.lines.filter((l) => l.msg === msg).length;

describe("two hubs, one PostgreSQL, one Mosquitto", () => {
  it("[slow] a campaign survives a hub killed -9 mid-ingest and a broker restart: each result once, every job finished, no device offline", async () => {
    process.env.EDGESEG_TEST_DATABASE = "postgres";
    const dataDir = join(dir.path, "hub");
    let mosquitto: DynsecMosquitto = await startMosquittoDynsec({
      dir: join(dir.path, "mosquitto"),
      verbose: false,
    });
    const passwordFile = join(dir.path, "broker-admin-password");
    writeFileSync(passwordFile, `${mosquitto.adminPassword}\n`, { mode: 0o600 });
    const hubArgs = (id: string) => [
      ...["--hub-id", id, "--lease-ms", String(LEASE_MS)],
      // Two ingest connections each: Mosquitto gives a shared group's messages to its members in the
      // order they subscribed, so with the default 64 hub A's connections would take the first 64
      // results and hub B none of this test's twelve.
      ...["--ingest-connections", "2"],
      // A result the agent publishes in the second after the broker restart can be acknowledged by
      // Mosquitto and reach no hub (the hubs are still re-subscribing their shared subscriptions).
      // The agent publishes it again when no storage receipt comes within its window (RECEIPT_WAIT_S);
      // this grace is only the last resort, a re-run once the job's timeout has passed (docs/brokers.md).
      ...["--job-timeout-grace-ms", "10000"],
      ...["--broker-admin-user", mosquitto.adminUser, "--broker-admin-password-file", passwordFile],
      ...["--result-burst", "1000", "--results-per-hour", "100000"],
    ];
    const startHub = (id: string) =>
      startHubProcess({ dataDir, broker: mosquitto.url, extraArgs: hubArgs(id) });
    const hubA = await startHub("hub-a");
    let hubB = await startHub("hub-b");
    db = await openHubDb(dataDir);

    const fast = await writeFastSuite(join(dir.path, "suite"));
    hubCli(dataDir, ["suite", "import", fast.suitePath]);
    const agents: EnrolledAgent[] = [];
    for (let i = 0; i < AGENTS; i++) {
      const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);
      agents.push(
        enrollAgent({
          hubUrl: hubA.httpUrl,
          token,
          dir: join(dir.path, `agent-${i}`),
          datasets: { [FAST_DATASET_ID]: fast.datasetDir },
          receiptWaitS: RECEIPT_WAIT_S,
        }),
      );
    }
    expect(agents[0]?.mqttUrl).toBe(mosquitto.url);
    const running = await Promise.all(agents.map((a) => startAgentProcess(a.configPath)));
    const deviceIds = agents.map((a) => a.deviceId);
    const jobIds: string[] = [];
    for (let c = 0; c < CAMPAIGNS; c++) {
      jobIds.push(...(await fastCampaign(db, deviceIds, { runMs: 1500, name: `multi-hub ${c}` })));
    }
    expect(jobIds).toHaveLength(AGENTS * CAMPAIGNS);
    // EDGESEG_MULTI_HUB_LOGS=<prefix> keeps every process's whole log in <prefix>-<n>.log on a timeout.
    const context = () => {
      const keep = process.env.EDGESEG_MULTI_HUB_LOGS;
      const all = [hubA, hubB, ...running];
      if (keep) {
        for (const [i, p] of all.entries()) writeFileSync(`${keep}-${i}.log`, p.output());
      }
      return all.map((p) => p.output().slice(-1500)).join("\n---\n");
    };

    // Hub B takes results too (shared subscription); it is killed right after its first one.
    await waitFor(() => count(hubB, "result stored") >= 1, "hub B to take a result", {
      timeoutMs: 90_000,
      everyMs: 20,
      context,
    });
    await hubB.kill9();
    const finishedAtKill = await db.prisma.job.count({ where: { id: { in: jobIds }, status: "succeeded" } });
    expect(finishedAtKill).toBeLessThan(jobIds.length);

    // The broker restarts once while hub A carries on alone.
    await waitFor(
      async () =>
        (await db!.prisma.job.count({ where: { id: { in: jobIds }, status: "succeeded" } })) > finishedAtKill,
      "another job to finish after the kill",
      { timeoutMs: 60_000, context },
    );
    mosquitto = await mosquitto.restart();

    // Hub A finishes what hub B held once B's leases expire; B comes back later with its session.
    await new Promise((r) => setTimeout(r, LEASE_MS));
    hubB = await startHub("hub-b");

    await waitFor(
      async () =>
        (await db!.prisma.job.count({ where: { id: { in: jobIds }, status: "succeeded" } })) ===
        jobIds.length,
      "every job to succeed",
      { timeoutMs: 240_000, everyMs: 250, context },
    );
    // Jobs tried more than once (a job re-sent after a lease expired, or re-run after its timeout): said.
    const rerun = await db.prisma.job.findMany({
      where: { id: { in: jobIds }, attempts: { gt: 1 } },
      select: { id: true, attempts: true, lastError: true },
    });
    if (rerun.length > 0) console.warn(`multi-hub: jobs tried more than once: ${JSON.stringify(rerun)}`);
    const againFor = (a: (typeof running)[number]) =>
      a.lines.filter((l) => /^spool: no storage receipt/.test(String(l.msg))).map((l) => String(l.id));
    const again = running.flatMap(againFor);
    if (again.length > 0) console.warn(`multi-hub: results published again for want of a receipt: ${again}`);
    // Each result once: one row per job, and per device exactly its jobs.
    const results = await db.prisma.result.findMany({ select: { id: true, jobId: true, deviceId: true } });
    expect(results).toHaveLength(jobIds.length);
    expect(new Set(results.map((r) => r.jobId))).toEqual(new Set(jobIds));
    for (const id of deviceIds) expect(results.filter((r) => r.deviceId === id)).toHaveLength(CAMPAIGNS);
    const campaigns = await db.prisma.campaign.findMany({ select: { status: true } });
    expect(campaigns.map((c) => c.status)).toEqual(Array(CAMPAIGNS).fill("completed"));
    // Both hubs took results; no lease is left on a finished job.
    expect(count(hubA, "result stored")).toBeGreaterThan(0);
    // No live lease is left (a job whose result hub B stored just before it died keeps B's stale lease,
    // which nothing reads once the job is finished).
    expect(
      await db.prisma.job.count({
        where: { leaseOwner: { not: null }, status: { in: ["delivered", "running"] } },
      }),
    ).toBe(0);

    // No device wrongly offline: all three agents are connected, whatever hub B's death and restart did.
    await waitFor(
      async () =>
        (await db!.prisma.device.count({ where: { id: { in: deviceIds }, online: true } })) === AGENTS,
      "every device online",
      { timeoutMs: 20_000, context },
    );
    await new Promise((r) => setTimeout(r, 1000));
    expect(await db.prisma.device.count({ where: { id: { in: deviceIds }, online: true } })).toBe(AGENTS);
  }, 480_000);
});
