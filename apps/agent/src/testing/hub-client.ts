import { type MessageKind, newEnvelope, parseTopic, preparePublish } from "@edgeseg/protocol";
import mqtt, { type MqttClient } from "mqtt";
import { HUB_PASSWORD, HUB_USER } from "./broker.ts";

export interface Received {
  topic: string;
  kind: MessageKind;
  deviceId: string;
  payload: Buffer;
  retain: boolean;
  json: Record<string, unknown> & { [key: string]: unknown };
}

export interface TestHubOptions {
  /**
   * Answer each result with a storage receipt as the real hub does once it has stored it (default
   * true); false plays a hub that never does (an older one, or one that lost the result).
   */
  receipts?: boolean;
}

/** A raw mqtt.js client playing the hub: sees every device topic, publishes jobs and commands. */
export async function connectHub(port: number, opts: TestHubOptions = {}) {
  const client: MqttClient = await mqtt.connectAsync(`mqtt://127.0.0.1:${port}`, {
    protocolVersion: 4,
    clientId: `hub-test-${process.pid}-${Math.random().toString(16).slice(2)}`,
    username: HUB_USER,
    password: HUB_PASSWORD,
    reconnectPeriod: 0,
  });
  const received: Received[] = [];
  const waiters = new Set<() => void>();
  client.on("message", (topic, payload, packet) => {
    const parsed = parseTopic(topic);
    if (!parsed || payload.byteLength === 0) return;
    let json: Received["json"] = {};
    try {
      json = JSON.parse(payload.toString());
    } catch {
      // a malformed message the test itself sent
    }
    received.push({ topic, ...parsed, payload, retain: packet.retain, json });
    for (const w of waiters) w();
    const resultId = (json.result as { resultId?: unknown } | undefined)?.resultId;
    if (parsed.kind === "results" && opts.receipts !== false && typeof resultId === "string") {
      const out = preparePublish("commands", {
        ...newEnvelope(parsed.deviceId),
        command: "result-receipts",
        args: { stored: [resultId], refused: [] },
      });
      client.publish(out.topic, out.payload, { qos: 1 });
    }
  });
  await client.subscribeAsync("edgeseg/v1/devices/#", { qos: 1 });

  /** Resolves with the first message (already received or arriving) that matches. */
  function waitFor(
    match: (m: Received) => boolean,
    timeoutMs = 20_000,
    what = "a message",
  ): Promise<Received> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const hit = received.find(match);
        if (!hit) return false;
        waiters.delete(check);
        clearTimeout(timer);
        resolve(hit);
        return true;
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const seen = received.map((m) => m.kind).join(", ");
        reject(new Error(`timed out waiting for ${what}; received: ${seen}`));
      }, timeoutMs);
      if (!check()) waiters.add(check);
    });
  }

  return {
    client,
    received,
    waitFor,
    of: (kind: MessageKind) => received.filter((m) => m.kind === kind),
    publish: (topic: string, message: unknown) =>
      client.publishAsync(
        topic,
        Buffer.from(typeof message === "string" ? message : JSON.stringify(message)),
        {
          qos: 1,
        },
      ),
    close: () => client.endAsync(true),
  };
}
