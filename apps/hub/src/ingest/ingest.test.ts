import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { type CommandMessage, decodeMessage, encodeMessage, newEnvelope, topicFor } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { message, resultMessage, send } from "../testing/messages.ts";
import { closed, connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

let hub: TestHub;
let good: MqttClient;
const secrets: Record<string, string> = {};
beforeAll(async () => {
  hub = await startHub();
  for (const id of ["pi-good-01", "pi-bad-01"]) secrets[id] = await hub.addDevice(id);
  good = await device("pi-good-01");
});
afterAll(async () => {
  await good.endAsync();
  await hub.dispose();
});

function device(id: string): Promise<MqttClient> {
  return connect(hub.mqttUrl, { clientId: id, username: id, password: secrets[id], clean: true });
}
const rows = (deviceId: string) => hub.db.prisma.result.count({ where: { deviceId } });

/** A good client's result goes through: the pipeline still works after whatever came before. */
async function goodResultArrives(): Promise<void> {
  const before = await rows("pi-good-01");
  await send(good, "results", resultMessage("pi-good-01"));
  await waitFor(async () => (await rows("pi-good-01")) === before + 1, "the good client's result");
}

describe("results", () => {
  it("stores a valid result once, however often it is delivered", async () => {
    const msg = resultMessage("pi-good-01");
    await send(good, "results", msg);
    await waitFor(async () => (await rows("pi-good-01")) === 1, "the result row");
    // The spool re-sends the same message; a restarted agent sends the same result with a new envelope.
    await send(good, "results", msg);
    await send(good, "results", { ...msg, ...newEnvelope("pi-good-01") });
    await waitFor(() => hub.logs.find("result re-delivered; already stored").length >= 2, "the duplicates");
    expect(await rows("pi-good-01")).toBe(1);
    const row = await hub.db.prisma.result.findUniqueOrThrow({ where: { id: msg.result.resultId } });
    expect(row).toMatchObject({ deviceId: "pi-good-01", modelId: msg.result.model.id, jobId: null });
    expect(hub.logs.find("result stored").map((l) => l.resultId)).toEqual([msg.result.resultId]);
    // Each delivery is ingested once: before the PUBACK, not again through the hub's own subscription.
    await sleep(500);
    expect(hub.logs.find("result re-delivered; already stored")).toHaveLength(2);
  });
});

describe("storage receipts", () => {
  /** A device that also reads its commands topic, as an agent does, collecting the receipts. */
  async function receiving(id: string) {
    secrets[id] ??= await hub.addDevice(id);
    const client = await device(id);
    const receipts: Extract<CommandMessage, { command: "result-receipts" }>["args"][] = [];
    client.on("message", (topic, payload) => {
      const decoded = decodeMessage("commands", payload, id);
      if (topic === topicFor(id, "commands") && decoded.ok && decoded.message.command === "result-receipts")
        receipts.push(decoded.message.args);
    });
    await client.subscribeAsync(topicFor(id, "commands"), { qos: 1 });
    return { client, receipts };
  }

  it("answers a stored result and a re-sent copy of it each with a receipt naming its resultId", async () => {
    const a = await receiving("pi-receipt-01");
    const msg = resultMessage("pi-receipt-01");
    await send(a.client, "results", msg);
    await waitFor(() => a.receipts.length === 1, "the receipt of the stored result");
    expect(a.receipts[0]).toEqual({ stored: [msg.result.resultId], refused: [] });
    expect(await rows("pi-receipt-01")).toBe(1);
    // The agent publishes the same bytes again when its receipt did not come: stored once, answered again,
    // and not taken for a collision.
    await send(a.client, "results", msg);
    await waitFor(() => a.receipts.length === 2, "the receipt of the copy");
    expect(a.receipts[1]).toEqual({ stored: [msg.result.resultId], refused: [] });
    expect(await rows("pi-receipt-01")).toBe(1);
    expect(hub.logs.find(/resultId collision/).filter((l) => l.deviceId === "pi-receipt-01")).toEqual([]);
    await a.client.endAsync();
  });

  it("names a result refused for good in refused: one from the future, one whose resultId another device holds", async () => {
    const a = await receiving("pi-receipt-02");
    const other = await receiving("pi-receipt-03");
    const taken = resultMessage("pi-receipt-02");
    await send(a.client, "results", taken);
    await waitFor(() => a.receipts.length === 1, "the first device's receipt");
    await send(other.client, "results", resultMessage("pi-receipt-03", taken.result.resultId));
    await waitFor(() => other.receipts.length === 1, "the collision's receipt");
    expect(other.receipts[0]).toEqual({ stored: [], refused: [taken.result.resultId] });

    const future = resultMessage("pi-receipt-03");
    future.result.createdAt = new Date(Date.now() + 48 * 3_600_000).toISOString();
    await send(other.client, "results", future);
    await waitFor(() => other.receipts.length === 2, "the refusal's receipt");
    expect(other.receipts[1]).toEqual({ stored: [], refused: [future.result.resultId] });
    expect(await rows("pi-receipt-03")).toBe(0);
    // Only the device that sent a result hears about it.
    expect(a.receipts).toHaveLength(1);
    await a.client.endAsync();
    await other.client.endAsync();
  });
});

describe("malformed input from one device, while another keeps working", () => {
  let bad: MqttClient;
  beforeAll(async () => {
    bad = await device("pi-bad-01");
  });
  afterAll(() => bad.end(true));

  const dropped = (topic: string) =>
    waitFor(
      () => hub.logs.find("invalid message dropped").find((l) => l.topic === topic),
      `the drop of ${topic}`,
    );

  it("drops invalid JSON, logging device, topic and reason", async () => {
    const topic = topicFor("pi-bad-01", "results");
    await bad.publishAsync(topic, "{not json", { qos: 1 });
    const line = await dropped(topic);
    expect(line).toMatchObject({ deviceId: "pi-bad-01", topic });
    expect(line.reason).toMatch(/^results: payload is not UTF-8 JSON/);
    await goodResultArrives();
  });

  it("drops a message that fails its schema, and one whose body names another device", async () => {
    const telemetry = topicFor("pi-bad-01", "telemetry");
    const hot = { ...message("telemetry", "pi-bad-01"), cpuPercent: 250 };
    await bad.publishAsync(telemetry, JSON.stringify(hot), { qos: 1 });
    expect((await dropped(telemetry)).reason).toMatch(/cpuPercent/);

    const events = topicFor("pi-bad-01", "events");
    await bad.publishAsync(events, JSON.stringify(message("events", "pi-good-01")), { qos: 1 });
    expect((await dropped(events)).reason).toMatch(/differs from the topic's device/);
    expect(await rows("pi-bad-01")).toBe(0);
    await goodResultArrives();
  });

  it("refuses an oversize payload at the broker and closes that connection", async () => {
    const topic = topicFor("pi-bad-01", "telemetry");
    bad.publish(topic, Buffer.alloc(9 * 1024, 0x20), { qos: 1 });
    await closed(bad);
    const line = await waitFor(
      () => hub.logs.find(/publish refused/).find((l) => l.topic === topic),
      "the refusal",
    );
    expect(line).toMatchObject({
      deviceId: "pi-bad-01",
      reason: "payload is 9216 bytes; the telemetry limit is 8192",
    });
    await goodResultArrives();
  });

  it("closes a connection whose packet header announces more than any message may hold", async () => {
    const huge = await device("pi-bad-01");
    huge.publish(topicFor("pi-bad-01", "results"), Buffer.alloc(2 * 1024 * 1024, 0x20), { qos: 1 });
    await closed(huge);
    huge.end(true);
    await waitFor(() => hub.logs.find(/oversize packet/).length > 0, "the packet guard's log");
    await goodResultArrives();
  });

  it("refuses an unknown topic", async () => {
    const again = await device("pi-bad-01");
    again.publish("edgeseg/v1/devices/pi-bad-01/firmware", "{}", { qos: 1 });
    await closed(again);
    again.end(true);
    const line = await waitFor(
      () => hub.logs.find(/publish refused/).find((l) => l.topic === "edgeseg/v1/devices/pi-bad-01/firmware"),
      "the refusal",
    );
    expect(line.reason).toBe("not a device topic of this protocol");
    await goodResultArrives();
    expect(good.connected).toBe(true);
    expect(await rows("pi-bad-01")).toBe(0);
  });
});

describe("devices that are not active", () => {
  it("drops messages from a device disabled while connected", async () => {
    const id = "pi-late-01";
    secrets[id] = await hub.addDevice(id);
    const late = await device(id);
    await hub.db.prisma.device.update({ where: { id }, data: { status: "disabled" } });
    // The device gate caches status for 5 s; a fresh id skips the cache.
    const msg = resultMessage(id, randomUUID());
    await late.publishAsync(topicFor(id, "results"), encodeMessage("results", msg), { qos: 1 });
    await waitFor(
      () => hub.logs.find("message from a device that is not active dropped").find((l) => l.deviceId === id),
      "the drop",
    );
    expect(await rows(id)).toBe(0);
    await late.endAsync();
  });
});
