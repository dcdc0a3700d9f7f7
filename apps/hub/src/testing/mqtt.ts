import { MQTT_PROTOCOL_LEVEL } from "@edgeseg/protocol";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

/**
 * A real mqtt.js client, connected, or the CONNACK refusal as an error with its `code` (the return
 * code). No automatic reconnect: a test sees exactly what the broker did.
 */
export function connect(url: string, options: IClientOptions): Promise<MqttClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      protocolVersion: MQTT_PROTOCOL_LEVEL,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      ...options,
    });
    client.once("connect", () => resolve(client));
    client.once("error", (err) => {
      client.end(true);
      reject(err);
    });
    client.once("close", () => reject(new Error("connection closed before CONNACK")));
  });
}

/** The CONNACK return code a connection attempt was refused with, or "connected". */
export async function connackCode(url: string, options: IClientOptions): Promise<number | "connected"> {
  try {
    const client = await connect(url, options);
    await client.endAsync();
    return "connected";
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
}

/** Resolves when the client's connection is closed (by the broker or the network). */
export function closed(client: MqttClient): Promise<void> {
  return new Promise((resolve) => {
    if (client.disconnected || !client.connected) return resolve();
    client.once("close", () => resolve());
  });
}
