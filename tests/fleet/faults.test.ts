/**
 * Fault injection with real processes: the hub (and so its embedded broker) stops while agents hold
 * results in their disk spools, then comes back on the same ports and data directory; an agent is
 * killed with SIGKILL in the middle of a run and started again. Every result must be stored exactly
 * once — counted by job and by device in the hub's database.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { type EnrolledAgent, enrollAgent, startAgentProcess } from "../support/agent-process.ts";
import { FAST_DATASET_ID, fastCampaign, writeFastSuite } from "../support/fast-suite.ts";
import { countResults, openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-faults");
const dbs: Db[] = [];
afterEach(async () => {
  await stopAll();
  for (const db of dbs.splice(0)) await db.close();
});
afterAll(() => dir.remove());

/** A hub process with the fast suite imported and `n` enrolled agents configured with its dataset. */
async function fleet(name: string, n: number) {
  const root = join(dir.path, name);
  const dataDir = join(root, "hub");
  const hub = await startHubProcess({ dataDir });
  const fast = await writeFastSuite(join(root, "suite"));
  hubCli(dataDir, ["suite", "import", fast.suitePath]);
  const agents: EnrolledAgent[] = [];
  for (let i = 0; i < n; i++) {
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);
    agents.push(
      enrollAgent({
        hubUrl: hub.httpUrl,
        token,
        dir: join(root, `agent-${i}`),
        datasets: { [FAST_DATASET_ID]: fast.datasetDir },
      }),
    );
  }
  const db = await openHubDb(dataDir);
  dbs.push(db);
  return { hub, dataDir, agents, db };
}

const spooled = (a: EnrolledAgent) => readdirSync(join(a.dataDir, "spool")).filter((f) => f.endsWith(".msg"));

describe("faults", () => {
  it("[slow] hub stopped while agents hold spooled results, restarted on the same ports: each result arrives once", async () => {
    const { hub, dataDir, agents, db } = await fleet("hub-restart", 2);
    const running = await Promise.all(agents.map((a) => startAgentProcess(a.configPath)));
    const jobIds = await fastCampaign(
      db,
      agents.map((a) => a.deviceId),
      { runMs: 6000 },
    );
    expect(jobIds).toHaveLength(2);
    for (const r of running) await r.waitForLog("benchmark started");

    await hub.stop();
    expect((await hub.exited).code).toBe(0);
    // The runs finish with no broker to talk to: the results wait on disk.
    for (const r of running) await r.waitForLog(/^benchmark succeeded; result spooled$/);
    for (const a of agents) expect(spooled(a)).toHaveLength(1);
    expect(await db.prisma.result.count()).toBe(0);

    const again = await startHubProcess({ dataDir, mqttPort: hub.mqttPort!, httpPort: hub.httpPort });
    expect(again.mqttUrl).toBe(hub.mqttUrl);
    for (const jobId of jobIds) {
      await waitFor(
        async () => (await db.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status === "succeeded",
        `job ${jobId} to succeed after the restart`,
        { timeoutMs: 90_000, context: () => running.map((r) => r.output().slice(-1500)).join("\n---\n") },
      );
    }
    for (const a of agents) await waitFor(() => spooled(a).length === 0, "the spool to drain");
    // Give any duplicate delivery time to land before counting.
    await new Promise((r) => setTimeout(r, 1500));
    for (const jobId of jobIds) expect(await countResults(db, { jobId })).toBe(1);
    for (const a of agents) expect(await countResults(db, { deviceId: a.deviceId })).toBe(1);
    expect(await db.prisma.result.count()).toBe(2);
    const jobs = await db.prisma.job.findMany({ where: { id: { in: jobIds } } });
    expect(jobs.map((j) => j.attempts)).toEqual([1, 1]);
  });

  it("[slow] agent killed with SIGKILL mid-run, restarted: the job runs again and exactly one result arrives", async () => {
    const { agents, db } = await fleet("agent-kill", 1);
    const a = agents[0]!;
    const first = await startAgentProcess(a.configPath);
    const [jobId] = await fastCampaign(db, [a.deviceId], { runMs: 5000 });
    await first.waitForLog("benchmark started");
    await new Promise((r) => setTimeout(r, 1000));
    await first.kill9();
    expect((await first.exited).signal).toBe("SIGKILL");
    expect(first.lines.some((l) => l.msg === "benchmark succeeded; result spooled")).toBe(false);
    expect(await countResults(db, { deviceId: a.deviceId })).toBe(0);
    // The accepted attempt waits on disk with the resultId chosen when it was accepted.
    const pendingFile = join(a.dataDir, "jobs", "pending", `${jobId}.1.json`);
    const pending = JSON.parse(readFileSync(pendingFile, "utf8")) as { resultId: string; starts: number };
    expect(pending.starts).toBe(1);

    const second = await startAgentProcess(a.configPath);
    const row = await waitFor(
      () => db.prisma.result.findUnique({ where: { jobId } }),
      "the result after the restart",
      { timeoutMs: 90_000, context: () => second.output().slice(-3000) },
    );
    // The same attempt ran again (it was on disk as accepted), not a new attempt from the hub.
    expect(second.lines.some((l) => l.msg === "benchmark started")).toBe(true);
    expect(row.deviceId).toBe(a.deviceId);
    expect(row.id).toBe(pending.resultId);
    await waitFor(() => spooled(a).length === 0, "the spool to drain");
    await new Promise((r) => setTimeout(r, 1500));
    expect(await countResults(db, { jobId })).toBe(1);
    expect(await countResults(db, { deviceId: a.deviceId })).toBe(1);
    const job = await db.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("succeeded");
    expect(job.attempts).toBe(1);
  });
});
