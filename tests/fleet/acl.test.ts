/**
 * The hub's broker ACL and authentication, probed with raw clients — mqtt.js and Debian's
 * mosquitto_pub / mosquitto_sub — against a real `edgeseg-hub serve` process. Two devices enrolled
 * with real tokens: A must not speak for B (publish into B's subtree) nor listen to B (subscribe to
 * B's jobs or commands); wrong secrets, unknown devices and borrowed client ids are refused.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { preparePublish, topicFor } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnrolledAgent, enrollAgent } from "../support/agent-process.ts";
import { openHubDb } from "../support/hub-db.ts";
import { type HubProcess, hubCli, startHubProcess } from "../support/hub-process.ts";
import { exampleFor, resultFor } from "../support/messages.ts";
import { mosquittoPub, mosquittoSub } from "../support/mosquitto-clients.ts";
import { asDevice, connackCode, connectRaw, subscribeCodes } from "../support/mqtt.ts";
import { stopAll } from "../support/process.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const dir = tempDir("fleet-acl");
let hub: HubProcess;
let db: Db;
let a: EnrolledAgent;
let b: EnrolledAgent;

beforeAll(async () => {
  const dataDir = join(dir.path, "hub");
  hub = await startHubProcess({ dataDir });
  const enrol = (name: string) => {
    const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);
    return enrollAgent({ hubUrl: hub.httpUrl, token, dir: join(dir.path, name) });
  };
  a = enrol("a");
  b = enrol("b");
  db = await openHubDb(dataDir);
});
afterAll(async () => {
  await stopAll();
  await db?.close();
  dir.remove();
});

/** The hub's own service client (service-secret from its data dir), to publish jobs and commands. */
async function hubService() {
  const password = readFileSync(join(hub.dataDir, "service-secret"), "utf8").trim();
  return connectRaw(hub.mqttUrl, { clientId: "edgeseg-hub-acl-test", username: "edgeseg-hub", password });
}

const port = () => hub.mqttPort!;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("ACL: a device cannot publish into another device's subtree", () => {
  it("mqtt.js: A publishing B's result is cut off, logged with A's id, and nothing is stored", async () => {
    const raw = await connectRaw(hub.mqttUrl, asDevice(a.deviceId, a.secret));
    const forged = resultFor(b.deviceId);
    const { topic, payload } = preparePublish("results", forged);
    raw.client.publish(topic, payload, { qos: 1 });
    // aedes closes the connection on a refused PUBLISH [MQTT-3.3.5-2]; Mosquitto would ack and drop.
    await raw.closed;
    raw.client.end(true);
    await waitFor(
      () =>
        hub
          .warningsFor(a.deviceId)
          .find((l) => l.msg === "publish refused; connection closed" && l.topic === topic),
      "the hub to log the refusal",
    );
    expect(await db.prisma.result.count({ where: { id: forged.result.resultId } })).toBe(0);
    expect(await db.prisma.result.count({ where: { deviceId: { in: [a.deviceId, b.deviceId] } } })).toBe(0);
  });

  it("mosquitto_pub: A publishing into B's results and telemetry is refused; no row, no telemetry", async () => {
    const forged = resultFor(b.deviceId);
    const results = await mosquittoPub({
      port: port(),
      clientId: a.deviceId,
      username: a.deviceId,
      password: a.secret,
      topic: topicFor(b.deviceId, "results"),
      message: JSON.stringify(forged),
    });
    // The broker closes the connection before any PUBACK: the QoS 1 publish never completes.
    expect(results.status, results.stderr).not.toBe(0);
    const telemetry = await mosquittoPub({
      port: port(),
      clientId: a.deviceId,
      username: a.deviceId,
      password: a.secret,
      topic: topicFor(b.deviceId, "telemetry"),
      message: JSON.stringify(exampleFor("telemetry", b.deviceId)),
    });
    expect(telemetry.status, telemetry.stderr).not.toBe(0);
    await waitFor(
      () =>
        hub.warningsFor(a.deviceId).filter((l) => l.msg === "publish refused; connection closed").length >= 3,
      "the hub to log both refusals",
    );
    expect(await db.prisma.result.count({ where: { id: forged.result.resultId } })).toBe(0);
    // A's own telemetry, sent after the forged one, is stored (buckets are written every 5 s); by
    // then the forged sample would be stored too.
    const own = await mosquittoPub({
      port: port(),
      clientId: a.deviceId,
      username: a.deviceId,
      password: a.secret,
      topic: topicFor(a.deviceId, "telemetry"),
      message: JSON.stringify(exampleFor("telemetry", a.deviceId)),
    });
    expect(own.status, own.stderr).toBe(0);
    await waitFor(
      async () => (await db.prisma.telemetry.count({ where: { deviceId: a.deviceId } })) > 0,
      "A's own telemetry bucket",
      { timeoutMs: 15_000 },
    );
    expect(await db.prisma.telemetry.count({ where: { deviceId: b.deviceId } })).toBe(0);
  });
});

describe("ACL: a device cannot subscribe to another device's jobs or commands", () => {
  it("mqtt.js: B's topics are granted 0x80, A's own are granted; a command for B never reaches A", async () => {
    const raw = await connectRaw(hub.mqttUrl, asDevice(a.deviceId, a.secret));
    const others = [
      topicFor(b.deviceId, "jobs"),
      topicFor(b.deviceId, "commands"),
      "edgeseg/v1/devices/+/commands",
    ];
    expect(await subscribeCodes(raw.client, others)).toEqual([128, 128, 128]);
    expect(await subscribeCodes(raw.client, [topicFor(a.deviceId, "commands")])).toEqual([1]);

    const service = await hubService();
    const forB = preparePublish("commands", exampleFor("commands", b.deviceId));
    const forA = preparePublish("commands", exampleFor("commands", a.deviceId));
    await service.client.publishAsync(forB.topic, forB.payload, { qos: 1 });
    await service.client.publishAsync(forA.topic, forA.payload, { qos: 1 });
    // A's own command proves delivery works; B's, published first, must not be among what A got.
    await waitFor(() => raw.received.length > 0, "A's own command");
    await sleep(300);
    expect(raw.received.map((m) => m.topic)).toEqual([forA.topic]);
    expect(hub.warningsFor(a.deviceId).filter((l) => l.msg === "subscription refused")).toHaveLength(3);
    await service.client.endAsync();
    await raw.client.endAsync();
  });

  it("mosquitto_sub: A subscribing to B's commands is denied and receives nothing", async () => {
    const sub = mosquittoSub({
      port: port(),
      clientId: a.deviceId,
      username: a.deviceId,
      password: a.secret,
      topic: topicFor(b.deviceId, "commands"),
      waitS: 3,
    });
    await sleep(800);
    const service = await hubService();
    const forB = preparePublish("commands", exampleFor("commands", b.deviceId));
    await service.client.publishAsync(forB.topic, forB.payload, { qos: 1 });
    await service.client.endAsync();
    const out = await sub;
    // mosquitto_sub reports the 0x80 SUBACK and gets no message (it exits 0 having nothing to wait for).
    expect(out.stderr).toMatch(/subscription requests were denied/);
    expect(out.stdout).toBe("");
  });
});

describe("authentication", () => {
  it("mqtt.js: wrong secret → 4, unknown device → 4, another device's client id → 2; the right secret connects", async () => {
    expect(await connackCode(hub.mqttUrl, asDevice(a.deviceId, `${a.secret}x`))).toBe(4);
    expect(await connackCode(hub.mqttUrl, asDevice("unknown-device-42", a.secret))).toBe(4);
    expect(
      await connackCode(hub.mqttUrl, { clientId: b.deviceId, username: a.deviceId, password: a.secret }),
    ).toBe(2);
    expect(
      await connackCode(hub.mqttUrl, {
        clientId: "edgeseg-hub-x",
        username: "edgeseg-hub",
        password: a.secret,
      }),
    ).toBe(4);
    expect(await connackCode(hub.mqttUrl, asDevice(a.deviceId, a.secret))).toBe("connected");
  });

  it("mosquitto_pub: wrong secret and unknown client id exit non-zero with the refusal", async () => {
    const message = JSON.stringify(exampleFor("telemetry", a.deviceId));
    const topic = topicFor(a.deviceId, "telemetry");
    const wrong = await mosquittoPub({
      port: port(),
      clientId: a.deviceId,
      username: a.deviceId,
      password: "wrong-secret-000000",
      topic,
      message,
    });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toMatch(/refused/i);
    const unknown = await mosquittoPub({
      port: port(),
      clientId: "nobody-here",
      username: "nobody-here",
      password: a.secret,
      topic,
      message,
    });
    expect(unknown.status).not.toBe(0);
    expect(unknown.stderr).toMatch(/refused/i);
    const right = await mosquittoPub({
      port: port(),
      clientId: a.deviceId,
      username: a.deviceId,
      password: a.secret,
      topic,
      message,
    });
    expect(right.status, right.stderr).toBe(0);
    expect(
      hub.lines.filter((l) => l.msg === "connection refused" && l.clientId === "nobody-here"),
    ).toHaveLength(1);
  });
});
