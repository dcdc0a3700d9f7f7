import type { MqttClient } from "mqtt";

export interface Grant {
  topic: string;
  /** 0 or 1, or 128 (0x80) when the broker refused the subscription (section 3.9.3). */
  qos: number;
}

/** Subscribes and returns what the broker granted per filter; mqtt.js rejects on any 0x80, we report it. */
export async function subscribeGranted(
  client: MqttClient,
  filters: Record<string, { qos: 0 | 1 }>,
): Promise<Grant[]> {
  try {
    return (await client.subscribeAsync(filters)).map((g) => ({ topic: g.topic, qos: g.qos }));
  } catch (error) {
    const granted = (error as { packet?: { granted?: number[] } }).packet?.granted;
    if (!granted) throw error;
    const names = Object.keys(filters);
    return granted.map((qos, i) => ({ topic: names[i] ?? "", qos }));
  }
}
