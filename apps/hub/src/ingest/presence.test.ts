import { randomUUID } from "node:crypto";
import { rmSync } from "node:fs";
import { deviceConnectOptions, newEnvelope } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHub, type TestHub } from "../testing/hub.ts";
import { message, send } from "../testing/messages.ts";
import { closed, connect } from "../testing/mqtt.ts";
import { waitFor } from "../testing/wait.ts";

let hub: TestHub;
let secret: string;
const id = "pi-presence-01";
beforeAll(async () => {
  hub = await startHub();
  secret = await hub.addDevice(id);
});
afterAll(async () => {
  await hub.dispose();
  rmSync(hub.dir, { recursive: true, force: true });
});

const row = () => hub.db.prisma.device.findUniqueOrThrow({ where: { id } });

/** Connects as an agent does (clean session false, Last Will) and announces itself. */
async function agent(connectionId: string): Promise<MqttClient> {
  // deviceConnectOptions types protocolVersion as number; mqtt.js wants the literal.
  const options = {
    ...deviceConnectOptions({ deviceId: id, secret, connectionId }),
    protocolVersion: 4 as const,
  };
  const client = await connect(hub.mqttUrl, options);
  await send(client, "birth", message("birth", id, { connectionId, agentVersion: "9.9.9" }));
  await send(client, "state", message("state", id, { connectionId, status: "online", reason: "connected" }));
  return client;
}

describe("presence", () => {
  it("marks a device online from its birth, with agent version, device info and last seen", async () => {
    const client = await agent(randomUUID());
    const device = await waitFor(async () => {
      const d = await row();
      return d.online && d;
    }, "online");
    expect(device.agentVersion).toBe("9.9.9");
    expect(device.deviceInfo).toEqual(message("birth", id).device);
    expect(Date.now() - device.lastSeenAt!.getTime()).toBeLessThan(5000);

    // The connection dies without DISCONNECT: the broker publishes the Last Will [MQTT-3.1.2-8].
    client.stream.destroy();
    await closed(client);
    await waitFor(async () => !(await row()).online, "offline from the Last Will");
    expect(hub.logs.find("device offline").at(-1)).toMatchObject({ deviceId: id });
    client.end(true);
  });

  it("ignores a Last Will of an earlier connection that arrives after the new birth", async () => {
    const first = randomUUID();
    const old = await agent(first);
    const second = randomUUID();
    const current = await agent(second); // same client id: takes the session over [MQTT-3.1.4-2]
    await closed(old);
    old.end(true);
    await waitFor(async () => (await row()).online, "online again");
    // What the broker publishes when the first connection's will comes late.
    const lateWill = {
      ...newEnvelope(id),
      connectionId: first,
      status: "offline" as const,
      reason: "connection-lost" as const,
    };
    await send(current, "state", lateWill);
    await waitFor(() => hub.logs.find(/stale Last Will/).length > 0, "the stale will to be ignored");
    expect((await row()).online).toBe(true);

    // A clean shutdown from the current connection is honoured.
    await send(current, "state", {
      ...lateWill,
      ...newEnvelope(id),
      connectionId: second,
      reason: "shutdown",
    });
    await waitFor(async () => !(await row()).online, "offline after shutdown");
    await current.endAsync();
  });
});

describe("telemetry", () => {
  it("downsamples heartbeats into one bucket row with averages and maxima", async () => {
    const local = await startHub({ telemetry: { bucketSeconds: 3600, flushMs: 50 } });
    const secret2 = await local.addDevice("pi-telemetry-01");
    const client = await connect(local.mqttUrl, {
      clientId: "pi-telemetry-01",
      username: "pi-telemetry-01",
      password: secret2,
    });
    const beats = [
      { cpuPercent: 10, memoryUsedMb: 500, temperatureC: 50 },
      { cpuPercent: 30, memoryUsedMb: 700, temperatureC: null },
      { cpuPercent: 80, memoryUsedMb: 600, temperatureC: 70 },
    ];
    for (const beat of beats) await send(client, "telemetry", message("telemetry", "pi-telemetry-01", beat));
    const bucket = await waitFor(
      async () =>
        (await local.db.prisma.telemetry.findFirst({ where: { deviceId: "pi-telemetry-01", samples: 3 } })) ??
        undefined,
      "a bucket with three samples",
    );
    expect(bucket).toMatchObject({
      bucketSeconds: 3600,
      cpuAvg: 40,
      cpuMax: 80,
      memAvgMb: 600,
      memMaxMb: 700,
      tempAvgC: 60,
      tempMaxC: 70,
    });
    expect(bucket.bucketStart.getTime() % 3_600_000).toBe(0);
    await client.endAsync();
    await local.dispose();
  });
});

describe("hub restart", () => {
  it("starts with every device offline: no one is connected to a broker that just started", async () => {
    const dir = hub.dir;
    const client = await agent(randomUUID());
    await waitFor(async () => (await row()).online, "online");
    client.end(true);
    await hub.close();
    hub = await startHub({ dataDir: dir });
    expect((await row()).online).toBe(false);
  });
});
