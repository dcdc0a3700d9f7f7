/**
 * Interop: the hub with `--broker` against Debian's Mosquitto (password file, ACL file with the
 * protocol's pattern lines), and a real agent connected to that Mosquitto. Enrolment is HTTP to the
 * hub; the hub cannot write Mosquitto's password file (it keeps only hashes), so the test provisions
 * the device as an operator would — mosquitto_passwd, then SIGHUP — and a job ends in a result row.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { resultDocumentSchema, topicFor } from "@edgeseg/protocol";
import { afterAll, describe, expect, it } from "vitest";
import { startAgentProcess } from "../support/agent-process.ts";
import { enrolFastAgent, fastCampaign } from "../support/fast-suite.ts";
import { countResults, openHubDb } from "../support/hub-db.ts";
import { startHubProcess } from "../support/hub-process.ts";
import { exampleFor } from "../support/messages.ts";
import { startMosquitto } from "../support/mosquitto.ts";
import { mosquittoPub } from "../support/mosquitto-clients.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-interop");
let db: Db | undefined;
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

describe("interop with Mosquitto as the external broker", () => {
  it("[slow] hub --broker mosquitto; agent enrolled over HTTP, provisioned in Mosquitto, runs a job; result row", async () => {
    const hubPassword = randomBytes(24).toString("base64url");
    const mosquitto = await startMosquitto({
      dir: join(dir.path, "mosquitto"),
      users: { "edgeseg-hub": hubPassword },
      // A client id other than the username could take over another device's session (MQTT-3.1.4-2).
      extra: ["use_username_as_clientid true", "max_queued_messages 100000"],
    });
    const dataDir = join(dir.path, "hub");
    const hub = await startHubProcess({
      dataDir,
      broker: `mqtt://edgeseg-hub:${hubPassword}@127.0.0.1:${mosquitto.port}`,
    });
    // The hub's own credentials never show up in what it logs or tells agents.
    expect(hub.mqttUrl).toBe(`mqtt://127.0.0.1:${mosquitto.port}`);
    expect(hub.output()).not.toContain(hubPassword);

    const agent = await enrolFastAgent(dataDir, dir.path, {
      hubUrl: hub.httpUrl,
    });
    expect(agent.mqttUrl).toBe(mosquitto.url);

    // Not in Mosquitto's password file yet: refused.
    const probe = {
      port: mosquitto.port,
      clientId: agent.deviceId,
      username: agent.deviceId,
      password: agent.secret,
      topic: topicFor(agent.deviceId, "telemetry"),
      message: JSON.stringify(exampleFor("telemetry", agent.deviceId)),
    };
    expect((await mosquittoPub(probe)).status).not.toBe(0);
    mosquitto.addUser(agent.deviceId, agent.secret);
    mosquitto.reload();
    await waitFor(async () => (await mosquittoPub(probe)).status === 0, "Mosquitto to accept the device", {
      timeoutMs: 10_000,
      everyMs: 200,
    });

    db = await openHubDb(dataDir);
    const running = await startAgentProcess(agent.configPath);
    await waitFor(
      async () => (await db!.prisma.device.findUniqueOrThrow({ where: { id: agent.deviceId } })).online,
      "the hub to see the device online through Mosquitto",
    );
    const [jobId] = await fastCampaign(db, [agent.deviceId]);
    const row = await waitFor(
      () => db!.prisma.result.findUnique({ where: { jobId } }),
      "the result row through Mosquitto",
      {
        timeoutMs: 90_000,
        context: () => `${running.output().slice(-2000)}\n---\n${hub.output().slice(-2000)}`,
      },
    );
    expect(row.deviceId).toBe(agent.deviceId);
    const doc = resultDocumentSchema.parse(JSON.parse(row.document));
    expect(doc.model.id).toBe("threshold-seg");
    expect(doc.status).toBe("succeeded");
    // The fixed-weight model on its own dataset: liver exact, spleen misses one row (tiny-dataset.ts).
    expect(doc.accuracy?.organs.liver?.meanDice).toBeCloseTo(1, 6);
    await waitFor(
      async () => (await db!.prisma.job.findUniqueOrThrow({ where: { id: jobId } })).status === "succeeded",
      "the job to succeed",
    );
    expect(await countResults(db, { deviceId: agent.deviceId })).toBe(1);
    // Mosquitto logged both clients under their own names.
    expect(mosquitto.output()).toMatch(new RegExp(`as ${agent.deviceId} `));
    expect(mosquitto.output()).toMatch(/as edgeseg-hub /);
  });
});
