/**
 * The hub's parts together, through real sockets: a campaign's job reaches an online device over MQTT
 * through the real dispatcher, its artifacts download over HTTP with the device's credentials, and
 * the device's ack, progress, error event and result move the job to succeeded with the result linked.
 */
import { createHash, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { decodeTopicMessage, deviceConnectOptions, type JobMessage, topicFor } from "@edgeseg/protocol";
import { createCampaign } from "@edgeseg/registry";
import { importSuite } from "@edgeseg/registry/suites";
import { writeSuite } from "@edgeseg/registry/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dispatcher } from "./dispatch-default.ts";
import { basicAuth } from "./testing/http.ts";
import { startHub, type TestHub } from "./testing/hub.ts";
import { message, resultMessage, send } from "./testing/messages.ts";
import { connect } from "./testing/mqtt.ts";
import { waitFor } from "./testing/wait.ts";

let hub: TestHub;
let fixtures: string;
beforeAll(async () => {
  hub = await startHub({ dispatcher, dispatchTickMs: 0 });
  fixtures = mkdtempSync(join(tmpdir(), "edgeseg-hub-suite-"));
  await importSuite(hub.db, join(hub.dir, "artifacts"), writeSuite(fixtures));
});
afterAll(async () => {
  await hub.dispose();
  rmSync(fixtures, { recursive: true, force: true });
});

describe("job round trip", () => {
  it("delivers a queued job to a device that comes online and closes it with the device's result", async () => {
    const id = "pi-e2e-01";
    const secret = await hub.addDevice(id);
    const { jobIds } = await createCampaign(hub.db, {
      name: "round trip",
      suiteId: "test-suite",
      modelIds: ["threshold-seg"],
      target: { deviceIds: [id] },
    });
    const jobId = jobIds[0]!;
    const connectionId = randomUUID();
    const options = {
      ...deviceConnectOptions({ deviceId: id, secret, connectionId }),
      protocolVersion: 4 as const,
    };
    const agent = await connect(hub.mqttUrl, options);
    const jobs: JobMessage[] = [];
    agent.on("message", (topic, payload) => {
      const decoded = decodeTopicMessage(topic, payload);
      if (decoded.ok && decoded.kind === "jobs") jobs.push(decoded.message);
    });
    await agent.subscribeAsync(topicFor(id, "jobs"), { qos: 1 });
    await send(agent, "birth", message("birth", id, { connectionId }));
    await send(agent, "state", message("state", id, { connectionId, status: "online", reason: "connected" }));

    const job = await waitFor(() => jobs[0], "the job message");
    expect(job).toMatchObject({ jobId, attempt: 1, deviceId: id });
    for (const artifact of job.model.artifacts) {
      const res = await fetch(`${hub.httpUrl}${artifact.urlPath}`, {
        headers: { authorization: basicAuth(id, secret) },
      });
      expect(res.status).toBe(200);
      const sha = createHash("sha256")
        .update(Buffer.from(await res.arrayBuffer()))
        .digest("hex");
      expect(sha).toBe(artifact.sha256);
    }

    const jobRow = () =>
      hub.db.prisma.job.findUniqueOrThrow({ where: { id: jobId }, include: { result: true } });
    await send(
      agent,
      "jobs/ack",
      message("jobs/ack", id, { jobId, attempt: 1, status: "accepted", reason: null }),
    );
    await waitFor(async () => (await jobRow()).status === "running", "the job running");
    await send(
      agent,
      "progress",
      message("progress", id, { jobId, attempt: 1, phase: "accuracy", done: 1, total: 2 }),
    );
    await waitFor(() => hub.jobProgress(jobId), "progress on the board");
    expect(hub.jobProgress(jobId)).toMatchObject({ deviceId: id, phase: "accuracy", done: 1, total: 2 });
    // The dashboard runs in another process: progress also reaches the job's row.
    expect(await jobRow()).toMatchObject({ progressPhase: "accuracy", progressDone: 1, progressTotal: 2 });

    const event = message("events", id, {
      jobId,
      code: "INTEGRITY",
      message: "artifact re-fetched after a bad hash",
    });
    await send(agent, "events", event);
    await waitFor(
      async () => (await jobRow()).lastError === "INTEGRITY: artifact re-fetched after a bad hash",
      "lastError",
    );

    // A run of what the job named (model, suite, dataset): a result for anything else fails the job.
    const base = resultMessage(id);
    const doc = base.result;
    const result = {
      ...base,
      jobId,
      attempt: 1,
      result: {
        ...doc,
        model: {
          ...doc.model,
          id: job.model.id,
          version: job.model.version,
          manifestSha256: job.model.manifestSha256,
        },
        suite: job.suite,
        dataset: { ...doc.dataset, id: job.dataset.id, sha256: job.dataset.sha256 },
      },
    };
    await send(agent, "results", result);
    const done = await waitFor(async () => {
      const row = await jobRow();
      return row.status === "succeeded" && row;
    }, "the job succeeded");
    expect(done.result?.id).toBe(result.result.resultId);
    expect(hub.jobProgress(jobId)).toBeUndefined();
    await agent.endAsync();
  });
});
