/**
 * The fleet's main path with real processes on 127.0.0.1: `edgeseg-hub serve`, an enrolment token, a
 * real `edgeseg-agent` enrolled with it and running as a daemon, the standard suite imported, a
 * campaign created with the hub's CLI — and the result row in the hub's database, from the right
 * device, linked to the right job, holding a document that validates.
 */
import type { Db } from "@edgeseg/db";
import { resultDocumentSchema } from "@edgeseg/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { enrollAgent, startAgentProcess } from "../support/agent-process.ts";
import { openHubDb } from "../support/hub-db.ts";
import { hubCli, startHubProcess } from "../support/hub-process.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-e2e");
const FINE_TUNING = { trainSlices: 4, validationSlices: 2, epochs: 2, maxSteps: 2 };
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

describe("enrol → job → result", () => {
  it("[slow] an enrolled agent runs a standard-v1 job from a campaign; one valid result row arrives", async () => {
    const dataDir = `${dir.path}/hub`;
    const hub = await startHubProcess({ dataDir });
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create", "--expires", "1h"]);
    const agent = enrollAgent({ hubUrl: hub.httpUrl, token, dir: `${dir.path}/agent` });
    expect(agent.mqttUrl).toBe(hub.mqttUrl);
    db = await openHubDb(dataDir);
    const device = await db.prisma.device.findUniqueOrThrow({ where: { id: agent.deviceId } });
    expect(device.status).toBe("active");
    expect(device.secretHash).not.toContain(agent.secret);

    const suite = hubCli<{ sha256: string; dataset: { sha256: string } }>(dataDir, [
      "suite",
      "import",
      "standard-v1",
    ]);
    const running = await startAgentProcess(agent.configPath);
    const { jobIds } = hubCli<{ jobIds: string[] }>(dataDir, [
      ...["campaign", "create", "--name", "e2e", "--suite", "standard-v1"],
      ...["--models", "unet2d-small", "--devices", agent.deviceId],
      // The suite's inference scenario; its fine-tuning cut to two steps on four slices.
      ...["--overrides", JSON.stringify({ fineTuning: FINE_TUNING })],
    ]);
    expect(jobIds).toHaveLength(1);
    const jobId = jobIds[0]!;

    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId } }),
      `the result row of job ${jobId}`,
      { timeoutMs: 150_000, everyMs: 250, context: () => running.output().slice(-3000) },
    );
    expect(row.deviceId).toBe(agent.deviceId);
    expect(row.deviceClassId).toBe(device.deviceClassId);
    const doc = resultDocumentSchema.parse(JSON.parse(row.document));
    expect(doc.resultId).toBe(row.id);
    expect(doc.status).toBe("succeeded");
    expect(doc.model.id).toBe("unet2d-small");
    expect(doc.suite?.sha256).toBe(suite.sha256);
    expect(doc.dataset.sha256).toBe(suite.dataset.sha256);
    expect(doc.dataset.cases).toBe(4);
    // A trained reference model on its own phantom: accuracy must be far from chance.
    expect(doc.accuracy?.meanDice).toBeGreaterThan(0.5);
    expect(row.meanDice).toBe(doc.accuracy?.meanDice);
    // The real agent's answer to its dispatched job (signed, same model, suite, dataset, scenario) ranks.
    expect(row).toMatchObject({ origin: "job", rankable: true, unrankedReason: null, review: null });
    // The campaign's fine-tuning size travelled hub → job → agent → result, and the result ranks with it.
    expect(doc.fineTuning).toMatchObject({ status: "succeeded", site: { trainSlices: 4 }, steps: 2 });

    const job = await waitFor(async () => {
      const j = await db!.prisma.job.findUniqueOrThrow({ where: { id: jobId } });
      return j.status === "succeeded" && j;
    }, "the job to succeed");
    expect(job.attempts).toBe(1);
    expect(job.deviceId).toBe(agent.deviceId);
    expect(await db.prisma.result.count({ where: { deviceId: agent.deviceId } })).toBe(1);
    const seen = await db.prisma.device.findUniqueOrThrow({ where: { id: agent.deviceId } });
    expect(seen.online).toBe(true);
    expect(seen.agentVersion).toBe(doc.agentVersion);

    // A clean stop: the agent says it is offline before it disconnects.
    await running.stop();
    expect((await running.exited).code).toBe(0);
    await waitFor(
      async () => !(await db!.prisma.device.findUniqueOrThrow({ where: { id: agent.deviceId } })).online,
      "the device to be offline",
    );
    await hub.stop();
    expect((await hub.exited).code).toBe(0);
  });
});
