import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { decodeMessage, topicFor } from "@edgeseg/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { agentFixture, DATASET_ID, DEVICE_ID, SECRET, startDaemon } from "../testing/agent-setup.ts";
import { startArtifactServer } from "../testing/artifact-server.ts";
import { startBroker, type TestBroker } from "../testing/broker.ts";
import { fixtureJob, MODEL_FILES } from "../testing/fixture-job.ts";
import { connectHub } from "../testing/hub-client.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function until(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("agent daemon: results survive a broker outage and an agent restart", () => {
  it("keeps results on disk while the broker is down and delivers each exactly once", async () => {
    let broker: TestBroker = await startBroker({ [DEVICE_ID]: SECRET });
    const port = broker.port;
    cleanups.push(() => broker.close());
    const files = await startArtifactServer({ files: MODEL_FILES, deviceId: DEVICE_ID, secret: SECRET });
    cleanups.push(() => files.close());
    const fx = await agentFixture();
    const config = fx.config(port, files.url);
    const spoolDir = join(config.dataDir, "spool");
    const spooled = async () => (await readdir(spoolDir).catch(() => [])).filter((n) => n.endsWith(".msg"));

    let hub = await connectHub(port);
    let agent = await startDaemon(config);
    cleanups.push(() => agent.daemon.close());
    await hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 20_000, "online");

    // 1. The broker goes away while a job runs: the result waits in the spool.
    const job1 = fixtureJob(DEVICE_ID, {
      jobId: "job_1",
      datasetId: DATASET_ID,
      datasetSha256: fx.datasetSha256,
    });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job1);
    await hub.waitFor((m) => m.kind === "jobs/ack", 10_000, "ack");
    await hub.close();
    await broker.close();
    await until(async () => (await spooled()).length === 1, 60_000, "the result in the spool");

    // ...and is delivered once the broker is back on the same port, then deleted.
    broker = await startBroker({ [DEVICE_ID]: SECRET }, port);
    hub = await connectHub(port);
    const r1 = await hub.waitFor((m) => m.kind === "results", 20_000, "result 1");
    const d1 = decodeMessage("results", r1.payload, DEVICE_ID);
    expect(d1.ok).toBe(true);
    expect(r1.json.jobId).toBe("job_1");
    await until(async () => (await spooled()).length === 0, 5000, "an empty spool");
    await new Promise((r) => setTimeout(r, 500));
    expect(hub.of("results")).toHaveLength(1);

    // 2. Broker down again; this time the agent itself is restarted while holding the result.
    const job2 = fixtureJob(DEVICE_ID, {
      jobId: "job_2",
      datasetId: DATASET_ID,
      datasetSha256: fx.datasetSha256,
    });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job2);
    await hub.waitFor((m) => m.kind === "jobs/ack" && m.json.jobId === "job_2", 10_000, "ack 2");
    await hub.close();
    await broker.close();
    await until(async () => (await spooled()).length === 1, 60_000, "result 2 in the spool");
    await agent.daemon.close();
    broker = await startBroker({ [DEVICE_ID]: SECRET }, port);
    hub = await connectHub(port);
    agent = await startDaemon(config);
    const r2 = await hub.waitFor((m) => m.kind === "results", 20_000, "result 2");
    expect(r2.json.jobId).toBe("job_2");

    // Exactly once: one message per result, and neither job ran again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(hub.of("results").map((m) => m.json.jobId)).toEqual(["job_2"]);
    expect((r2.json.result as { resultId: string }).resultId).not.toBe(
      (r1.json.result as { resultId: string }).resultId,
    );
    expect(await spooled()).toEqual([]);
    expect(hub.of("progress")).toHaveLength(0);
    await hub.close();
  });
});
