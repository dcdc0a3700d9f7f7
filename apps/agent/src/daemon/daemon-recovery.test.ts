import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { decodeMessage, exampleMessages, preparePublish, topicFor } from "@edgeseg/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { spawnAgent } from "../testing/agent-process.ts";
import { agentFixture, DATASET_ID, DEVICE_ID, SECRET, startDaemon } from "../testing/agent-setup.ts";
import { startArtifactServer } from "../testing/artifact-server.ts";
import { benchmarkChildren } from "../testing/benchmark-children.ts";
import { startBroker } from "../testing/broker.ts";
import { captureLogger } from "../testing/capture-logger.ts";
import { fixtureJob, MODEL_FILES } from "../testing/fixture-job.ts";
import { connectHub } from "../testing/hub-client.ts";
import { openJobStore } from "./job-store.ts";
import { createSpool } from "./spool.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world() {
  const broker = await startBroker({ [DEVICE_ID]: SECRET });
  cleanups.push(() => broker.close());
  const files = await startArtifactServer({ files: MODEL_FILES, deviceId: DEVICE_ID, secret: SECRET });
  cleanups.push(() => files.close());
  const hub = await connectHub(broker.port);
  cleanups.push(() => hub.close());
  const fx = await agentFixture();
  const config = fx.config(broker.port, files.url);
  const job = (jobId: string, minDurationMs?: number) =>
    fixtureJob(DEVICE_ID, {
      jobId,
      datasetId: DATASET_ID,
      datasetSha256: fx.datasetSha256,
      ...(minDurationMs ? { minDurationMs } : {}),
    });
  return { broker, hub, fx, config, job };
}

const RESULT_ID = "5d1c2a9e-7b1d-4c5e-9a8f-2d4b6e8c0a1f";

describe("agent daemon: crash recovery", () => {
  it("reports a job whose runs died with the agent twice as failed (crash), under the resultId chosen at acceptance", async () => {
    const { hub, config, job } = await world();
    const store = await openJobStore(join(config.dataDir, "jobs"), captureLogger().logger);
    const pending = await store.accept(job("job_dies"), RESULT_ID);
    await store.setStarts(pending, 2);

    const agent = await startDaemon(config);
    cleanups.push(() => agent.daemon.close());
    const msg = await hub.waitFor((m) => m.kind === "results", 30_000, "failed result");
    const decoded = decodeMessage("results", msg.payload, DEVICE_ID);
    expect(decoded.ok, decoded.ok ? "" : decoded.error).toBe(true);
    if (!decoded.ok) return;
    const { result } = decoded.message;
    expect(result.resultId).toBe(RESULT_ID);
    expect(result.status).toBe("failed");
    expect(result.failure?.reason).toBe("crash");
    expect(result.failure?.message).toContain("stopped during this run 2 times");
    expect(result.model.id).toBe("threshold-seg");
    expect(result.dataset.cases).toBe(1);
    expect(hub.of("progress").some((m) => m.json.phase === "single-stream")).toBe(false);
  });

  it("reports a job whose preparation died with the agent twice as a preparation failure, never a crash", async () => {
    const { hub, config, job } = await world();
    const store = await openJobStore(join(config.dataDir, "jobs"), captureLogger().logger);
    const pending = await store.accept(job("job_prep_dies"), RESULT_ID);
    // Killed twice while downloading or generating the dataset: the model never ran.
    await store.setCounts(pending, { prepares: 2 });

    const agent = await startDaemon(config);
    cleanups.push(() => agent.daemon.close());
    const event = await hub.waitFor((m) => m.kind === "events", 30_000, "the preparation failure");
    expect(event.json).toMatchObject({
      jobId: "job_prep_dies",
      code: "RUNTIME",
      message:
        "the agent stopped during this job's preparation (artifact download, dataset generation) 2 times; not prepared again (the model never ran)",
    });
    await new Promise((r) => setTimeout(r, 1000));
    expect(hub.of("results")).toHaveLength(0);
    expect(hub.of("progress").some((m) => m.json.phase === "single-stream")).toBe(false);
  });

  it("does not count an interrupted preparation as a run: the job runs and its result is not a crash", async () => {
    const { hub, config, job } = await world();
    const store = await openJobStore(join(config.dataDir, "jobs"), captureLogger().logger);
    const pending = await store.accept(job("job_prep_once"), RESULT_ID);
    // One run died with the agent, then a preparation: before, that counted as two crashed runs.
    await store.setCounts(pending, { starts: 1, prepares: 1 });

    const agent = await startDaemon(config);
    cleanups.push(() => agent.daemon.close());
    const msg = await hub.waitFor((m) => m.kind === "results", 60_000, "the result");
    expect(msg.json.result).toMatchObject({ resultId: RESULT_ID, status: "succeeded", failure: null });
  });

  it("does not run a job again whose result was spooled just before the agent stopped", async () => {
    const { hub, config, job } = await world();
    const j = job("job_spooled");
    const logger = captureLogger().logger;
    const store = await openJobStore(join(config.dataDir, "jobs"), logger);
    await store.accept(j, RESULT_ID);
    const spool = await createSpool(join(config.dataDir, "spool"), { maxBytes: 1e7, logger });
    const example = exampleMessages.results;
    const out = preparePublish("results", {
      ...example,
      deviceId: DEVICE_ID,
      jobId: j.jobId,
      attempt: 1,
      result: { ...example.result, resultId: RESULT_ID },
    });
    await spool.put("results", out.topic, out.payload, RESULT_ID);

    const agent = await startDaemon(config);
    cleanups.push(() => agent.daemon.close());
    const msg = await hub.waitFor((m) => m.kind === "results", 20_000, "the spooled result");
    expect(msg.payload.equals(out.payload)).toBe(true);
    await new Promise((r) => setTimeout(r, 1500));
    expect(hub.of("results")).toHaveLength(1);
    expect(hub.of("progress")).toHaveLength(0);
    // A late re-delivery of the job gets "accepted" again and is not run.
    await hub.publish(topicFor(DEVICE_ID, "jobs"), j);
    const ack = await hub.waitFor((m) => m.kind === "jobs/ack", 10_000, "ack");
    expect(ack.json.status).toBe("accepted");
    await new Promise((r) => setTimeout(r, 1000));
    expect(hub.of("progress")).toHaveLength(0);
  });

  it("cancel-job kills the running benchmark, sends no result, and the next job runs", async () => {
    const { hub, job } = await world().then(async (w) => {
      const agent = await startDaemon(w.config);
      cleanups.push(() => agent.daemon.close());
      await w.hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 20_000, "online");
      return w;
    });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job("job_long", 30_000));
    await hub.waitFor(
      (m) => m.kind === "progress" && m.json.phase === "single-stream",
      30_000,
      "a running job",
    );
    expect(benchmarkChildren(process.pid)).toHaveLength(1);
    await hub.publish(topicFor(DEVICE_ID, "commands"), {
      ...exampleMessages.commands,
      deviceId: DEVICE_ID,
      command: "cancel-job",
      args: { jobId: "job_long" },
    });
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job("job_next"));
    const next = await hub.waitFor((m) => m.kind === "results", 30_000, "the next job's result");
    expect(next.json.jobId).toBe("job_next");
    expect(hub.of("results")).toHaveLength(1);
    expect(benchmarkChildren(process.pid)).toHaveLength(0);
  });

  it("a shutdown whose grace runs out kills the running benchmark through its signal; the job stays pending, no start counted", async () => {
    const { hub, config, job } = await world();
    config.shutdownGraceS = 1;
    const agent = await startDaemon(config);
    await hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 20_000, "online");
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job("job_grace", 30_000));
    await hub.waitFor(
      (m) => m.kind === "progress" && m.json.phase === "single-stream",
      30_000,
      "a running job",
    );
    const [runPid] = benchmarkChildren(process.pid);
    expect(runPid).toBeGreaterThan(0);
    await agent.daemon.close();
    expect(existsSync(`/proc/${runPid}`)).toBe(false);
    expect(
      agent.log.lines.filter((l) => /did not finish within 1000 ms; killing it/.test(l.msg)),
    ).toHaveLength(1);
    const pendingFile = JSON.parse(
      await readFile(join(config.dataDir, "jobs", "pending", "job_grace.1.json"), "utf8"),
    );
    expect(pendingFile.starts).toBe(0);
    expect(hub.of("results")).toHaveLength(0);
  });

  it("survives kill -9 during a run: the restarted agent runs the job again and one result arrives; SIGTERM exits 0", async () => {
    const { hub, fx, config, job } = await world();
    const configPath = join(fx.root, "agent.json");
    const first = await spawnAgent(config, configPath);
    cleanups.push(async () => first.child.kill("SIGKILL"));
    await hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 30_000, "online");
    await hub.publish(topicFor(DEVICE_ID, "jobs"), job("job_k", 4000));
    await hub.waitFor(
      (m) => m.kind === "progress" && m.json.phase === "single-stream",
      60_000,
      "a running job",
    );
    const runPids = benchmarkChildren(first.child.pid!);
    expect(runPids).toHaveLength(1);

    first.child.kill("SIGKILL");
    await first.exited;
    // The benchmark child notices its parent is gone and exits (no orphan keeps the CPU busy).
    const deadline = Date.now() + 10_000;
    while (existsSync(`/proc/${runPids[0]}`) && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(existsSync(`/proc/${runPids[0]}`)).toBe(false);
    await hub.waitFor((m) => m.kind === "state" && m.json.reason === "connection-lost", 60_000, "the Will");

    // The job is still pending on disk, with the run's start counted and its resultId already chosen.
    const pendingFile = JSON.parse(
      await readFile(join(config.dataDir, "jobs", "pending", "job_k.1.json"), "utf8"),
    );
    expect(pendingFile.starts).toBe(1);

    const second = await spawnAgent(config, configPath);
    cleanups.push(async () => second.child.kill("SIGKILL"));
    const msg = await hub.waitFor((m) => m.kind === "results", 90_000, "the result");
    const decoded = decodeMessage("results", msg.payload, DEVICE_ID);
    expect(decoded.ok).toBe(true);
    expect(msg.json).toMatchObject({ jobId: "job_k", attempt: 1 });
    expect(msg.json.result).toMatchObject({ status: "succeeded", resultId: pendingFile.resultId });

    second.child.kill("SIGTERM");
    expect(await second.exited).toEqual({ code: 0, signal: null });
    await hub.waitFor((m) => m.kind === "state" && m.json.reason === "shutdown", 5000, "offline/shutdown");
    expect(hub.of("results")).toHaveLength(1);
    expect(second.output()).toContain("shutting down");
  });
});
