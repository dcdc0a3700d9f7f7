import { readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { encodeMessage, topicFor } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { subscribeGranted } from "../service/subscribe.ts";
import { startHub, type TestHub } from "../testing/hub.ts";
import { message, resultMessage, send } from "../testing/messages.ts";
import { closed, connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";
import { SERVICE_USERNAME } from "./identity.ts";

let hub: TestHub;
const secrets: Record<string, string> = {};
beforeAll(async () => {
  hub = await startHub();
  for (const id of ["pi-acl-a", "pi-acl-b"]) secrets[id] = await hub.addDevice(id);
});
afterAll(() => hub.dispose());

const device = (id: string) =>
  connect(hub.mqttUrl, { clientId: id, username: id, password: secrets[id], clean: true });
const results = () => hub.db.prisma.result.count();

describe("device ACL", () => {
  it("closes the connection of a device publishing into another device's results; nothing reaches ingest", async () => {
    const a = await device("pi-acl-a");
    const forged = resultMessage("pi-acl-b");
    const topic = topicFor("pi-acl-b", "results");
    a.publish(topic, encodeMessage("results", forged), { qos: 1 });
    await closed(a);
    a.end(true);
    const refusal = await waitFor(() => hub.logs.find(/publish refused/)[0], "the refusal log");
    expect(refusal).toMatchObject({
      deviceId: "pi-acl-a",
      topic,
      reason: 'topic belongs to device "pi-acl-b"',
    });
    await sleep(200);
    expect(await results()).toBe(0);
    expect(hub.logs.lines.filter((l) => l.topic === topic && l.component === "ingest")).toEqual([]);
  });

  it("refuses publishing a hub-to-device kind, a foreign topic and a wildcard topic", async () => {
    for (const topic of [topicFor("pi-acl-a", "jobs"), "edgeseg/v1/other", "$SYS/broker/x"]) {
      const a = await device("pi-acl-a");
      a.publish(topic, "{}", { qos: 1 });
      await closed(a);
      a.end(true);
    }
    const topics = hub.logs.find(/publish refused/).map((l) => l.topic);
    expect(topics).toEqual(
      expect.arrayContaining([topicFor("pi-acl-a", "jobs"), "edgeseg/v1/other", "$SYS/broker/x"]),
    );
  });

  it("grants QoS 128 for another device's jobs and for wildcards, and delivers nothing through them", async () => {
    const a = await device("pi-acl-a");
    const b = await device("pi-acl-b");
    const got: Record<string, string[]> = { a: [], b: [] };
    a.on("message", (t) => got.a!.push(t));
    b.on("message", (t) => got.b!.push(t));
    const granted = await subscribeGranted(a, {
      [topicFor("pi-acl-b", "jobs")]: { qos: 1 },
      "edgeseg/v1/devices/+/jobs": { qos: 1 },
      "#": { qos: 1 },
      [topicFor("pi-acl-a", "jobs")]: { qos: 1 },
    });
    expect(granted.map((g) => g.qos)).toEqual([128, 128, 128, 1]);
    await b.subscribeAsync(topicFor("pi-acl-b", "jobs"), { qos: 1 });

    const serviceSecret = readFileSync(join(hub.dir, "service-secret"), "utf8").trim();
    const service = await connect(hub.mqttUrl, {
      clientId: "edgeseg-hub-acl",
      username: SERVICE_USERNAME,
      password: serviceSecret,
    });
    await send(service, "jobs", message("jobs", "pi-acl-b"));
    await waitFor(() => got.b!.length === 1, "B's job");
    await sleep(200);
    expect(got.a).toEqual([]);
    expect(a.connected).toBe(true);
    await Promise.all([a.endAsync(), b.endAsync(), service.endAsync()]);
  });

  it("keeps serving a device that behaves after a refusal", async () => {
    const a = await device("pi-acl-a");
    await send(a, "results", resultMessage("pi-acl-a"));
    await waitFor(async () => (await results()) === 1, "the result row");
    await a.endAsync();
  });
});

describe("service ACL", () => {
  it("refuses the service client subscriptions to downstream kinds and publishes of upstream kinds", async () => {
    const serviceSecret = readFileSync(join(hub.dir, "service-secret"), "utf8").trim();
    const service: MqttClient = await connect(hub.mqttUrl, {
      clientId: "edgeseg-hub-acl2",
      username: SERVICE_USERNAME,
      password: serviceSecret,
    });
    const granted = await subscribeGranted(service, {
      "edgeseg/v1/devices/+/jobs": { qos: 1 },
      "edgeseg/v1/devices/+/results": { qos: 1 },
    });
    expect(granted.map((g) => g.qos)).toEqual([128, 1]);
    service.publish(topicFor("pi-acl-a", "results"), encodeMessage("results", resultMessage("pi-acl-a")), {
      qos: 1,
    });
    await closed(service);
    service.end(true);
  });
});
