import { readdir } from "node:fs/promises";
import { join } from "node:path";
import { decodeMessage, topicFor } from "@edgeseg/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { agentFixture, DATASET_ID, DEVICE_ID, SECRET, startDaemon } from "../testing/agent-setup.ts";
import { startArtifactServer } from "../testing/artifact-server.ts";
import { startBroker } from "../testing/broker.ts";
import { fixtureJob, MODEL_FILES } from "../testing/fixture-job.ts";
import { connectHub } from "../testing/hub-client.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup(opts: { cut?: { file: string; after: number } } = {}) {
  const broker = await startBroker({ [DEVICE_ID]: SECRET });
  cleanups.push(() => broker.close());
  const files = await startArtifactServer({
    files: MODEL_FILES,
    deviceId: DEVICE_ID,
    secret: SECRET,
    ...opts,
  });
  cleanups.push(() => files.close());
  const hub = await connectHub(broker.port);
  cleanups.push(() => hub.close());
  const fx = await agentFixture();
  const config = fx.config(broker.port, files.url);
  const agent = await startDaemon(config);
  cleanups.push(() => agent.daemon.close());
  await hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 20_000, "online");
  return { broker, files, hub, fx, config, agent };
}

describe("agent daemon: jobs", () => {
  it("acks a job, fetches its artifacts (resuming a broken download), reports progress and one valid result", async () => {
    const { files, hub, fx, config } = await setup({ cut: { file: MODEL_FILES[1]!, after: 300 } });
    const job = fixtureJob(DEVICE_ID, { datasetId: DATASET_ID, datasetSha256: fx.datasetSha256 });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job);

    const ack = await hub.waitFor((m) => m.kind === "jobs/ack", 10_000, "ack");
    expect(decodeMessage("jobs/ack", ack.payload, DEVICE_ID).ok).toBe(true);
    expect(ack.json).toMatchObject({ jobId: "job_1", attempt: 1, status: "accepted", reason: null });

    const resultMsg = await hub.waitFor((m) => m.kind === "results", 90_000, "result");
    const decoded = decodeMessage("results", resultMsg.payload, DEVICE_ID);
    expect(decoded.ok, decoded.ok ? "" : decoded.error).toBe(true);
    if (!decoded.ok) return;
    const { result } = decoded.message;
    expect(decoded.message).toMatchObject({ jobId: "job_1", attempt: 1 });
    expect(result.status).toBe("succeeded");
    expect(result.suite).toEqual(job.suite);
    expect(result.dataset.sha256).toBe(fx.datasetSha256);
    expect(result.model.manifestSha256).toBe(job.model.manifestSha256);
    expect(result.scenario.singleStream.minQueries).toBe(5);
    expect(result.scenario.offline.batchSize).toBe(2);
    // threshold-seg on the tiny dataset: liver exact, spleen misses one labelled row.
    expect(result.accuracy?.organs.liver?.meanDice).toBeCloseTo(1, 6);

    const phases = hub.of("progress").map((m) => {
      expect(decodeMessage("progress", m.payload, DEVICE_ID).ok).toBe(true);
      return m.json.phase;
    });
    for (const phase of ["fetching", "verifying", "accuracy", "single-stream", "finishing"]) {
      expect(phases).toContain(phase);
    }
    expect(phases.indexOf("fetching")).toBeLessThan(phases.indexOf("single-stream"));

    // The model download broke off after 300 bytes and resumed from there with a Range request.
    const modelPath = job.model.artifacts[1]!.urlPath;
    const modelRequests = files.requests.filter((r) => r.path === modelPath);
    expect(modelRequests.map((r) => [r.range, r.status])).toEqual([
      [null, 200],
      ["bytes=300-", 206],
    ]);
    const cache = await readdir(join(config.dataDir, "artifacts"));
    expect(cache.sort()).toEqual(job.model.artifacts.map((a) => a.sha256).sort());

    // Re-delivery of the same job and attempt: the same answer again, no second run.
    await hub.publish(topicFor(DEVICE_ID, "jobs"), { ...job, messageId: crypto.randomUUID() });
    await hub.waitFor((m) => m.kind === "jobs/ack" && m !== ack, 10_000, "second ack");
    await new Promise((r) => setTimeout(r, 1500));
    expect(hub.of("jobs/ack").map((m) => m.json.status)).toEqual(["accepted", "accepted"]);
    expect(hub.of("results")).toHaveLength(1);
    expect(await readdir(join(config.dataDir, "spool"))).not.toContainEqual(expect.stringMatching(/\.msg$/));
  });

  it("rejects a job whose dataset is not on the device, and reports an undecodable one as an error event", async () => {
    const { hub, fx } = await setup();
    const unknown = fixtureJob(DEVICE_ID, {
      jobId: "job_x",
      datasetId: "clinic-scans",
      datasetSha256: "b".repeat(64),
    });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), unknown);
    const ack = await hub.waitFor((m) => m.kind === "jobs/ack", 10_000, "rejection");
    expect(ack.json.status).toBe("rejected");
    expect(String(ack.json.reason)).toContain('dataset "clinic-scans"');

    await hub.publish(topicFor(DEVICE_ID, "jobs"), "{ not json");
    const event = await hub.waitFor((m) => m.kind === "events", 10_000, "error event");
    expect(decodeMessage("events", event.payload, DEVICE_ID).ok).toBe(true);
    expect(event.json.code).toBe("INPUT");
    expect(String(event.json.message)).toContain("not UTF-8 JSON");

    // A dataset whose content differs from the job's hash fails after the ack, as an error event.
    const wrongHash = fixtureJob(DEVICE_ID, {
      jobId: "job_h",
      datasetId: DATASET_ID,
      datasetSha256: "c".repeat(64),
    });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), wrongHash);
    await hub.waitFor((m) => m.kind === "jobs/ack" && m.json.jobId === "job_h", 10_000, "ack job_h");
    const integrity = await hub.waitFor(
      (m) => m.kind === "events" && m.json.jobId === "job_h",
      30_000,
      "integrity event",
    );
    expect(integrity.json.code).toBe("INTEGRITY");
    expect(String(integrity.json.message)).toContain(fx.datasetSha256.slice(0, 12));
    expect(hub.of("results")).toHaveLength(0);
  });
});
