import { MQTT_PROTOCOL_LEVEL } from "@edgeseg/protocol";
import mqtt, { type MqttClient } from "mqtt";
import type { SimDevice } from "./devices.ts";

export interface SimAgent {
  deviceId: string;
  client: MqttClient;
}

/**
 * Connects one mqtt.js client per device (client id = username = device id, MQTT 3.1.1), `parallel`
 * at a time so the broker's accept queue is not flooded. Rejects on the first refusal.
 */
export async function connectFleet(url: string, devices: SimDevice[], parallel = 50): Promise<SimAgent[]> {
  const agents: SimAgent[] = new Array(devices.length);
  let next = 0;
  async function worker() {
    while (next < devices.length) {
      const i = next++;
      const d = devices[i]!;
      const client = await mqtt.connectAsync(url, {
        protocolVersion: MQTT_PROTOCOL_LEVEL,
        clientId: d.id,
        username: d.id,
        password: d.secret,
        clean: true,
        keepalive: 120,
        reconnectPeriod: 0,
        connectTimeout: 60_000,
      });
      agents[i] = { deviceId: d.id, client };
    }
  }
  await Promise.all(Array.from({ length: parallel }, worker));
  return agents;
}

export async function closeFleet(agents: SimAgent[]): Promise<void> {
  await Promise.all(agents.filter(Boolean).map((a) => a.client.endAsync(true).catch(() => undefined)));
}
