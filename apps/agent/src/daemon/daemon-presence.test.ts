import { join } from "node:path";
import { decodeMessage, exampleMessages, topicFor } from "@edgeseg/protocol";
import { afterEach, describe, expect, it } from "vitest";
import { saveConfig } from "../config/index.ts";
import { agentFixture, DEVICE_ID, SECRET, startDaemon } from "../testing/agent-setup.ts";
import { startBroker, type TestBroker } from "../testing/broker.ts";
import { connectHub } from "../testing/hub-client.ts";

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("agent daemon: presence and telemetry", () => {
  it("sends birth, online state and telemetry; the broker publishes the Will when the link drops", async () => {
    const broker: TestBroker = await startBroker({ [DEVICE_ID]: SECRET });
    cleanups.push(() => broker.close());
    const hub = await connectHub(broker.port);
    cleanups.push(() => hub.close());
    const fx = await agentFixture();
    const { daemon } = await startDaemon(fx.config(broker.port, "http://127.0.0.1:9"));
    cleanups.push(() => daemon.close());

    const birth = await hub.waitFor((m) => m.kind === "birth", 20_000, "birth");
    const decodedBirth = decodeMessage("birth", birth.payload, DEVICE_ID);
    expect(decodedBirth.ok).toBe(true);
    if (!decodedBirth.ok) return;
    expect(birth.retain).toBe(false); // a live subscriber gets retained messages with retain=0 [MQTT-3.3.1-9]
    expect(decodedBirth.message.device.cores).toBeGreaterThan(0);
    expect(decodedBirth.message.capabilities.backends).toContain("wasm");
    const firstConnection = decodedBirth.message.connectionId;

    const online = await hub.waitFor((m) => m.kind === "state", 5000, "state online");
    expect(online.json).toMatchObject({
      status: "online",
      reason: "connected",
      connectionId: firstConnection,
    });

    // Telemetry at connect, then every second.
    await hub.waitFor((m) => m.kind === "telemetry", 5000, "telemetry");
    await new Promise((r) => setTimeout(r, 2200));
    const beats = hub.of("telemetry");
    expect(beats.length).toBeGreaterThanOrEqual(3);
    for (const beat of beats) {
      const t = decodeMessage("telemetry", beat.payload, DEVICE_ID);
      expect(t.ok, t.ok ? "" : t.error).toBe(true);
      if (!t.ok) continue;
      expect(t.message.intervalMs).toBe(1000);
      expect(t.message.memoryTotalMb).toBeGreaterThan(100);
      expect(t.message.memoryUsedMb).toBeGreaterThan(0);
      expect(t.message.spoolDepth).toBe(0);
      expect(t.message.currentJobId).toBeNull();
    }

    // A pulled cable: no DISCONNECT, so the broker publishes the Last Will of that connection.
    expect(broker.dropClient(DEVICE_ID)).toBe(true);
    const will = await hub.waitFor(
      (m) => m.kind === "state" && m.json.status === "offline",
      5000,
      "the Last Will",
    );
    expect(decodeMessage("state", will.payload, DEVICE_ID).ok).toBe(true);
    expect(will.json).toMatchObject({ reason: "connection-lost", connectionId: firstConnection });

    // The agent comes back by itself with a new connection id.
    const rebirth = await hub.waitFor(
      (m) => m.kind === "birth" && m.json.connectionId !== firstConnection,
      10_000,
      "a second birth",
    );
    await hub.waitFor(
      (m) =>
        m.kind === "state" && m.json.status === "online" && m.json.connectionId === rebirth.json.connectionId,
      5000,
      "online again",
    );

    // A clean shutdown says offline itself: the DISCONNECT discards the Will.
    await daemon.close();
    const bye = await hub.waitFor(
      (m) => m.kind === "state" && m.json.reason === "shutdown",
      5000,
      "offline/shutdown",
    );
    expect(bye.json).toMatchObject({ status: "offline", connectionId: rebirth.json.connectionId });
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.of("state").filter((m) => m.json.reason === "connection-lost")).toHaveLength(1);
  });

  it("answers ping with telemetry at once and refresh-config with a new birth; drops a bad command", async () => {
    const broker = await startBroker({ [DEVICE_ID]: SECRET });
    cleanups.push(() => broker.close());
    const hub = await connectHub(broker.port);
    cleanups.push(() => hub.close());
    const fx = await agentFixture();
    const config = { ...fx.config(broker.port, "http://127.0.0.1:9"), telemetryIntervalS: 3600 };
    const configPath = join(fx.root, "agent.json");
    await saveConfig(configPath, config);
    const { daemon } = await startDaemon(config, configPath);
    cleanups.push(() => daemon.close());
    await hub.waitFor((m) => m.kind === "state" && m.json.status === "online", 20_000, "online");
    await hub.waitFor((m) => m.kind === "telemetry", 5000, "telemetry at connect");
    await new Promise((r) => setTimeout(r, 300));
    expect(hub.of("telemetry")).toHaveLength(1);

    const command = (c: object) =>
      hub.publish(topicFor(DEVICE_ID, "commands"), {
        ...exampleMessages.commands,
        deviceId: DEVICE_ID,
        ...c,
      });
    await command({ command: "ping", args: {} });
    await hub.waitFor(
      (m) => m.kind === "telemetry" && hub.of("telemetry").length === 2,
      5000,
      "ping telemetry",
    );

    await saveConfig(configPath, { ...config, telemetryIntervalS: 1 });
    await command({ command: "refresh-config", args: {} });
    await hub.waitFor(() => hub.of("birth").length === 2, 5000, "a second birth");
    await new Promise((r) => setTimeout(r, 2500));
    const beats = hub.of("telemetry");
    expect(beats.length).toBeGreaterThanOrEqual(4);
    expect(beats.at(-1)!.json.intervalMs).toBe(1000);

    await command({ command: "reboot", args: {} });
    const event = await hub.waitFor((m) => m.kind === "events", 5000, "error event");
    expect(event.json.code).toBe("INPUT");
    expect(String(event.json.message)).toContain("invalid commands message");
  });
});
