/**
 * --broker: the hub embeds no broker and ingests as a client of another one. Here that broker is a
 * bare aedes on its own port (no edgeseg code in it); interop with Mosquitto is a cross-app test.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Aedes } from "aedes";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeServer, listen } from "../net/listen.ts";
import { startHub, type TestHub } from "../testing/hub.ts";
import { resultMessage, send } from "../testing/messages.ts";
import { connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

let broker: Aedes;
let server: Server;
let brokerUrl: string;
let dir: string;
beforeAll(async () => {
  broker = await Aedes.createBroker();
  server = createServer(broker.handle);
  brokerUrl = `mqtt://127.0.0.1:${await listen(server, "127.0.0.1", 0, "test broker")}`;
  dir = mkdtempSync(join(tmpdir(), "edgeseg-hub-ext-"));
});
afterAll(async () => {
  await closeServer(server);
  await new Promise<void>((resolve) => broker.close(() => resolve()));
  rmSync(dir, { recursive: true, force: true });
});

describe("external broker", () => {
  let hub: TestHub;
  let agent: MqttClient;
  const rows = () => hub.db.prisma.result.count();

  it("ingests from a broker it does not embed", async () => {
    hub = await startHub({ dataDir: dir, broker: brokerUrl });
    expect([hub.mqttPort, hub.mqttUrl]).toEqual([null, brokerUrl]);
    await hub.addDevice("pi-ext-01");
    agent = await connect(brokerUrl, { clientId: "pi-ext-01", clean: false });
    await send(agent, "results", resultMessage("pi-ext-01"));
    await waitFor(async () => (await rows()) === 1, "the result row");
    const health = await (await fetch(`${hub.httpUrl}/healthz`)).json();
    expect(health).toMatchObject({ broker: "external", ingest: "connected" });
  });

  it("receives what was published while it was down (persistent session, QoS 1)", async () => {
    await hub.close();
    for (let i = 0; i < 5; i++) await send(agent, "results", resultMessage("pi-ext-01"));
    hub = await startHub({ dataDir: dir, broker: brokerUrl });
    // The broker sends the queue right after CONNACK: none of it may be acknowledged unread.
    await waitFor(async () => (await rows()) === 6, "every queued result");
    await agent.endAsync();
    await hub.close();
  });

  it("stops start-up with a clear message when the broker is unreachable", async () => {
    const probe = createServer();
    const port = await listen(probe, "127.0.0.1", 0, "probe");
    await closeServer(probe);
    await expect(startHub({ broker: `mqtt://127.0.0.1:${port}` })).rejects.toThrow(
      new RegExp(`cannot connect to the MQTT broker at mqtt://127.0.0.1:${port}: .*ECONNREFUSED`),
    );
  });
});
