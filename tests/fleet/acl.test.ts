/**
 * The hub's broker ACL and authentication, probed with raw clients — mqtt.js and Debian's
 * mosquitto_pub / mosquitto_sub — against a real `edgeseg-hub serve` process. Two devices enrolled
 * with real tokens: A must not speak for B (publish into B's subtree) nor listen to B (subscribe to
 * B's jobs or commands); wrong secrets, unknown devices and borrowed client ids are refused.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Db } from "@edgeseg/db";
import { preparePublish, topicFor } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type EnrolledAgent, enrollAgent } from "../support/agent-process.ts";
import { openHubDb } from "../support/hub-db.ts";
import { type HubProcess, hubCli, startHubProcess } from "../support/hub-process.ts";
import { exampleFor, resultFor } from "../support/messages.ts";
import { type DynsecMosquitto, startMosquittoDynsec } from "../support/mosquitto.ts";
import { mosquittoPub, mosquittoSub } from "../support/mosquitto-clients.ts";
import { asDevice, connackCode, connectRaw, subscribeCodes } from "../support/mqtt.ts";
import { tempDir } from "../support/temp-dir.ts";
import { waitFor } from "../support/wait.ts";

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Where the ACL lives: the hub's embedded broker (aedes with edgeseg's authorizer), or Debian's
 * Mosquitto 2 whose dynamic security clients and roles the hub provisioned (`--broker-admin-user`).
 * The rules are the same; how a broker refuses differs and each expectation says which is which.
 */
const topologies = ["embedded", "dynsec"] as const;
type Topology = (typeof topologies)[number];

describe.each(topologies)("%s broker", (topology: Topology) => {
  const embedded = topology === "embedded";
  const dir = tempDir(`fleet-acl-${topology}`);
  let hub: HubProcess;
  let db: Db;
  let a: EnrolledAgent;
  let b: EnrolledAgent;
  let mosquitto: DynsecMosquitto | undefined;

  beforeAll(async () => {
    const dataDir = join(dir.path, "hub");
    if (embedded) hub = await startHubProcess({ dataDir });
    else {
      mosquitto = await startMosquittoDynsec({ dir: join(dir.path, "mosquitto") });
      const passwordFile = join(dir.path, "broker-admin-password");
      writeFileSync(passwordFile, `${mosquitto.adminPassword}\n`, { mode: 0o600 });
      hub = await startHubProcess({
        dataDir,
        broker: mosquitto.url,
        extraArgs: ["--broker-admin-user", mosquitto.adminUser, "--broker-admin-password-file", passwordFile],
      });
    }
    const enrol = (name: string) => {
      const { token } = hubCli<{ token: string }>(dataDir, ["token", "create"]);
      return enrollAgent({ hubUrl: hub.httpUrl, token, dir: join(dir.path, name) });
    };
    a = enrol("a");
    b = enrol("b");
    db = await openHubDb(dataDir);
  }, 120_000);
  afterAll(async () => {
    await hub?.stop();
    await mosquitto?.stop();
    await db?.close();
    dir.remove();
  });

  /**
   * The hub's own service client (service-secret from its data dir), to publish jobs and commands;
   * on Mosquitto the hub created that account with the same secret.
   */
  async function hubService() {
    const password = readFileSync(join(hub.dataDir, "service-secret"), "utf8").trim();
    return connectRaw(hub.mqttUrl, { clientId: "edgeseg-hub-acl-test", username: "edgeseg-hub", password });
  }

  const port = () => hub.mqttPort ?? mosquitto!.port;
  /** A refused CONNECT: aedes answers 4 (bad credentials) or 2 (client id), Mosquitto 5 (not authorised) for both. */
  const refusedWith = (aedesCode: number) => (embedded ? aedesCode : 5);

  describe("ACL: a device cannot publish into another device's subtree", () => {
    it("mqtt.js: A publishing B's result is refused (aedes: cut off and logged with A's id); nothing is stored", async () => {
      const raw = await connectRaw(hub.mqttUrl, asDevice(a.deviceId, a.secret));
      const forged = resultFor(b.deviceId);
      const { topic, payload } = preparePublish("results", forged);
      if (!embedded) {
        // Mosquitto acknowledges a refused PUBLISH and drops it [MQTT-3.3.5-2]; A's own telemetry,
        // sent after it on the same connection, is stored (buckets every 5 s), by when the forged
        // result would be too. (A's own result would need its agent's signature.)
        await raw.client.publishAsync(topic, payload, { qos: 1 });
        expect(raw.client.connected).toBe(true);
        const mine = preparePublish("telemetry", exampleFor("telemetry", a.deviceId));
        await raw.client.publishAsync(mine.topic, mine.payload, { qos: 1 });
        await waitFor(
          async () => (await db.prisma.telemetry.count({ where: { deviceId: a.deviceId } })) > 0,
          "A's own telemetry bucket",
          { timeoutMs: 15_000, context: () => hub.output().slice(-3000) },
        );
        await raw.client.endAsync();
        expect(await db.prisma.result.count({ where: { id: forged.result.resultId } })).toBe(0);
        expect(await db.prisma.result.count({ where: { deviceId: b.deviceId } })).toBe(0);
        return;
      }
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
      // A's samples so far (the mqtt.js case may have stored some): the proof below is a new one.
      const samplesOfA = async () =>
        (await db.prisma.telemetry.aggregate({ where: { deviceId: a.deviceId }, _sum: { samples: true } }))
          ._sum.samples ?? 0;
      const before = await samplesOfA();
      const results = await mosquittoPub({
        port: port(),
        clientId: a.deviceId,
        username: a.deviceId,
        password: a.secret,
        topic: topicFor(b.deviceId, "results"),
        message: JSON.stringify(forged),
      });
      // aedes closes the connection before any PUBACK: the QoS 1 publish never completes. Mosquitto
      // acknowledges it and drops it, so mosquitto_pub succeeds and only the absent rows tell.
      if (embedded) expect(results.status, results.stderr).not.toBe(0);
      else expect(results.status, results.stderr).toBe(0);
      const telemetry = await mosquittoPub({
        port: port(),
        clientId: a.deviceId,
        username: a.deviceId,
        password: a.secret,
        topic: topicFor(b.deviceId, "telemetry"),
        message: JSON.stringify(exampleFor("telemetry", b.deviceId)),
      });
      if (embedded) expect(telemetry.status, telemetry.stderr).not.toBe(0);
      else expect(telemetry.status, telemetry.stderr).toBe(0);
      if (embedded) {
        await waitFor(
          () =>
            hub.warningsFor(a.deviceId).filter((l) => l.msg === "publish refused; connection closed")
              .length >= 3,
          "the hub to log both refusals",
        );
      }
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
      await waitFor(async () => (await samplesOfA()) > before, "A's own telemetry sample", {
        timeoutMs: 15_000,
      });
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
      // Only the embedded broker is the hub's own code, which logs each refusal.
      if (embedded)
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
    it("mqtt.js: wrong secret → 4, unknown device → 4, another device's client id → 2 (Mosquitto: 5); the right secret connects", async () => {
      expect(await connackCode(hub.mqttUrl, asDevice(a.deviceId, `${a.secret}x`))).toBe(refusedWith(4));
      expect(await connackCode(hub.mqttUrl, asDevice("unknown-device-42", a.secret))).toBe(refusedWith(4));
      expect(
        await connackCode(hub.mqttUrl, { clientId: b.deviceId, username: a.deviceId, password: a.secret }),
      ).toBe(refusedWith(2));
      expect(
        await connackCode(hub.mqttUrl, {
          clientId: "edgeseg-hub-x",
          username: "edgeseg-hub",
          password: a.secret,
        }),
      ).toBe(refusedWith(4));
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
      if (embedded)
        expect(
          hub.lines.filter((l) => l.msg === "connection refused" && l.clientId === "nobody-here"),
        ).toHaveLength(1);
    });
  });
});
