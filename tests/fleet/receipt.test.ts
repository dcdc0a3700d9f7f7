/**
 * Storage receipts close the external broker's gap (docs/brokers.md): a result that Mosquitto
 * acknowledged while no hub subscription could take it — the hub stopped, Mosquitto restarted without
 * its persistence file, so the hub's session and everything queued in it are gone — stays in the
 * agent's spool, is published again once its receipt window passes, and is stored exactly once; its
 * job finishes without being run again. Real processes: Mosquitto 2 with dynamic security (provisioned
 * by the hub), `edgeseg-hub serve --broker`, `edgeseg-agent run`.
 */
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { afterAll, describe, expect, it } from "vitest";
import { startAgentProcess } from "../support/agent-process.ts";
import { enrolFastAgent, fastCampaign } from "../support/fast-suite.ts";
import { openHubDb } from "../support/hub-db.ts";
import { type HubProcess, startHubProcess } from "../support/hub-process.ts";
import { type DynsecMosquitto, startMosquittoDynsec } from "../support/mosquitto.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-receipt");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

/** The agent's receipt window in this test (the default is 120 s). */
const RECEIPT_WAIT_S = 3;

describe("storage receipts behind an external broker", () => {
  it("[slow] a result acknowledged by Mosquitto while no hub was subscribed is published again after the window and stored once", async () => {
    const mosquittoDir = join(dir.path, "mosquitto");
    let mosquitto: DynsecMosquitto = await startMosquittoDynsec({ dir: mosquittoDir, verbose: false });
    const passwordFile = join(dir.path, "broker-admin-password");
    writeFileSync(passwordFile, `${mosquitto.adminPassword}\n`, { mode: 0o600 });
    const dataDir = join(dir.path, "hub");
    const startHub = () =>
      startHubProcess({
        dataDir,
        broker: mosquitto.url,
        extraArgs: ["--broker-admin-user", mosquitto.adminUser, "--broker-admin-password-file", passwordFile],
      });
    let hub: HubProcess = await startHub();
    db = await openHubDb(dataDir);
    const agent = await enrolFastAgent(dataDir, dir.path, {
      hubUrl: hub.httpUrl,
      // A short receipt window, a local setting that enrolment keeps.
      receiptWaitS: RECEIPT_WAIT_S,
    });
    expect(JSON.parse(readFileSync(agent.configPath, "utf8"))).toMatchObject({
      resultReceiptWaitS: RECEIPT_WAIT_S,
    });
    const running = await startAgentProcess(agent.configPath);
    const context = () => [hub.output().slice(-2000), running.output().slice(-3000)].join("\n---\n");

    const [jobId] = await fastCampaign(db, [agent.deviceId], { runMs: 4000, name: "receipt" });
    // Its artifacts fetched from the hub, the benchmark runs for at least 4 s.
    await running.waitForLog("benchmark started", { timeoutMs: 30_000 });

    // While the benchmark runs: the hub stops, and Mosquitto restarts without its persistence file, so
    // the hub's session (its subscriptions, anything queued for it) is gone when the result comes.
    await hub.stop();
    await mosquitto.stop();
    rmSync(join(mosquittoDir, "persistence"), { recursive: true, force: true });
    mosquitto = await startMosquittoDynsec({
      dir: mosquittoDir,
      verbose: false,
      adminUser: mosquitto.adminUser,
      port: mosquitto.port,
    });
    const delivered = /^spool: results [0-9a-f-]+ delivered$/;
    await running.waitForLog(delivered, { timeoutMs: 60_000 });
    const first = running.lines.find((l) => delivered.test(String(l.msg)))!;
    const resultId = String(first.id);
    expect(first).toMatchObject({ deliveries: 1, awaitingReceipt: true });
    // The broker took it; no hub has it, and the agent still does.
    expect(await db.prisma.result.count()).toBe(0);
    const spool = join(agent.dataDir, "spool");
    expect(readdirSync(spool).filter((n) => n.includes(resultId))).toEqual([
      expect.stringMatching(/\.sent-1\.msg$/),
    ]);

    // The hub comes back; after the window the agent publishes the same result again.
    hub = await startHub();
    await running.waitForLog(/^spool: results [0-9a-f-]+ stored by the hub; removed$/, {
      timeoutMs: 30_000,
    });
    const copies = running.lines.filter((l) => delivered.test(String(l.msg)) && l.id === resultId);
    expect(copies.length).toBeGreaterThanOrEqual(2);
    // The first copy reached no hub: the receipt answers a later one.
    const removedAt = running.lines.findIndex((l) => /stored by the hub; removed$/.test(String(l.msg)));
    expect(running.lines.indexOf(copies[1]!)).toBeLessThan(removedAt);
    expect(running.lines[removedAt]).toMatchObject({ id: resultId });
    expect(running.lines.filter((l) => /no storage receipt from the hub/.test(String(l.msg)))).toHaveLength(
      1,
    );
    expect(readdirSync(spool).filter((n) => n.endsWith(".msg"))).toEqual([]);

    // Stored once, by its resultId; the job finished on its first attempt (not re-run after a timeout).
    const rows = await db.prisma.result.findMany({ select: { id: true, jobId: true } });
    expect(rows).toEqual([{ id: resultId, jobId }]);
    await waitFor(
      async () => (await db!.prisma.job.findUnique({ where: { id: jobId! } }))?.status === "succeeded",
      "the job to succeed",
      { timeoutMs: 10_000, context },
    );
    expect(await db.prisma.job.findUnique({ where: { id: jobId! }, select: { attempts: true } })).toEqual({
      attempts: 1,
    });
    expect(hub.lines.filter((l) => /resultId collision/.test(String(l.msg)))).toEqual([]);
  }, 120_000);
});
