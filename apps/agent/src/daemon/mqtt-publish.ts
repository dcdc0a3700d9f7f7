import type { MqttClient } from "mqtt";

/**
 * Publishes and resolves once the broker has acknowledged a QoS 1 message (PUBACK) or, for QoS 0, once
 * the packet is written. Rejects if the connection closes first: a fresh client is made for every
 * connection, so mqtt.js would never call back for a message in flight on a dead one.
 */
export function publishAsync(
  client: MqttClient,
  topic: string,
  payload: Buffer,
  opts: { qos: 0 | 1; retain: boolean },
): Promise<void> {
  return new Promise((resolve, reject) => {
    if (!client.connected) {
      reject(new Error("not connected"));
      return;
    }
    const onClose = () => reject(new Error("connection closed before the broker acknowledged"));
    client.once("close", onClose);
    client.publish(topic, payload, opts, (error) => {
      client.removeListener("close", onClose);
      if (error) reject(error);
      else resolve();
    });
  });
}
