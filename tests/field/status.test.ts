/**
 * `edgeseg-agent status` on a real enrolled agent that has run one job from a real hub: the config,
 * the enrolment, the hub reachable, the last job and result (delivered), an empty spool; then the hub
 * stopped: unreachable, exit code 1, in both the human and the --json form.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { afterAll, describe, expect, it } from "vitest";
import type { AgentStatus } from "../../apps/agent/src/commands/status/gather.ts";
import { startAgentProcess } from "../support/agent-process.ts";
import { enrolFastAgent, fastCampaign } from "../support/fast-suite.ts";
import { openHubDb } from "../support/hub-db.ts";
import { startHubProcess } from "../support/hub-process.ts";
import { repoRoot, stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("status");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

const bin = join(repoRoot, "apps/agent/bin/edgeseg-agent.js");
const status = (configPath: string, ...args: string[]) =>
  spawnSync(process.execPath, [bin, "status", "--config", configPath, "--timeout", "2", ...args], {
    encoding: "utf8",
    timeout: 60_000,
  });

describe("edgeseg-agent status", () => {
  it("[slow] after a job: enrolled, hub reachable, last job and result delivered, spool empty; hub down: exit 1", async () => {
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({ dataDir });
    const agent = await enrolFastAgent(dataDir, dir.path, {
      hubUrl: hub.httpUrl,
    });

    // Before any job.
    const fresh = status(agent.configPath, "--json");
    expect(fresh.status, fresh.stderr).toBe(0);
    const before = JSON.parse(fresh.stdout) as AgentStatus;
    expect(before).toMatchObject({
      ok: true,
      version: "0.1.0",
      config: { deviceId: agent.deviceId, dataDir: agent.dataDir, hubUrl: hub.httpUrl, mqttUrl: hub.mqttUrl },
      enrolment: { signed: true, caPinned: null },
      jobs: { pending: [], last: null },
      lastResult: null,
      spool: { entries: 0, results: 0, bytes: 0, oldest: null },
    });
    expect(before.hub.http).toMatchObject({ reachable: true, status: 200, error: null });
    expect(before.hub.mqtt).toMatchObject({ reachable: true, error: null });
    // Not installed by install.sh (this runs from the repository).
    expect(before.install).toBeNull();

    db = await openHubDb(dataDir);
    const running = await startAgentProcess(agent.configPath);
    const [jobId] = await fastCampaign(db, [agent.deviceId]);
    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId: jobId! } }),
      "the result",
      {
        timeoutMs: 90_000,
        context: () => running.output().slice(-3000),
      },
    );
    await waitFor(async () => {
      const s = JSON.parse(status(agent.configPath, "--json").stdout) as AgentStatus;
      return s.spool.entries === 0 && s.lastResult?.delivered;
    }, "the spool to drain");

    const after = JSON.parse(status(agent.configPath, "--json").stdout) as AgentStatus;
    expect(after.ok).toBe(true);
    expect(after.jobs.pending).toEqual([]);
    expect(after.jobs.last).toMatchObject({ key: `${jobId}.1`, ack: "accepted", reason: null });
    expect(after.lastResult).toMatchObject({
      resultId: row.id,
      jobId,
      modelId: "threshold-seg",
      status: "succeeded",
      delivered: true,
    });
    const human = status(agent.configPath);
    expect(human.status).toBe(0);
    expect(human.stdout).toContain(`device     ${agent.deviceId}, results signed`);
    expect(human.stdout).toMatch(/^hub http {3}http:\/\/127\.0\.0\.1:\d+: reachable \(\d+ ms\)$/m);
    expect(human.stdout).toContain(`result     ${row.id} succeeded (threshold-seg)`);
    expect(human.stdout).toContain(", delivered");
    expect(human.stdout).toContain("spool      0 message(s), 0 result(s), 0.0 KiB");

    await running.stop();
    await hub.stop();
    const down = status(agent.configPath);
    expect(down.status).toBe(1);
    expect(down.stdout).toMatch(/^hub http .*NOT reachable \(ECONNREFUSED/m);
    expect(down.stdout).toContain("the hub is not reachable");
    const downJson = JSON.parse(status(agent.configPath, "--json").stdout) as AgentStatus;
    expect(downJson.ok).toBe(false);
    expect(downJson.hub.mqtt.reachable).toBe(false);
    // Nothing about the last job is lost when the hub is away.
    expect(downJson.lastResult?.resultId).toBe(row.id);

    const missing = status(join(dir.path, "no-such.json"));
    expect(missing.status).not.toBe(0);
    expect(missing.stderr).toContain("no agent config at");
  });
});
