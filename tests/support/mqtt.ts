import { MQTT_PROTOCOL_LEVEL } from "@edgeseg/protocol";
import mqtt, { type IClientOptions, type MqttClient } from "mqtt";

export interface RawClient {
  client: MqttClient;
  /** Every message received, in order. */
  received: { topic: string; payload: Buffer }[];
  /** Resolves when the broker (or the network) has closed the connection. */
  closed: Promise<void>;
}

/**
 * A raw mqtt.js client (MQTT 3.1.1, no automatic reconnect, clean session), connected; or the
 * CONNACK refusal as an error whose `code` is the return code. A test sees exactly what the broker did.
 */
export function connectRaw(url: string, options: IClientOptions): Promise<RawClient> {
  return new Promise((resolve, reject) => {
    const client = mqtt.connect(url, {
      protocolVersion: MQTT_PROTOCOL_LEVEL,
      reconnectPeriod: 0,
      connectTimeout: 5000,
      clean: true,
      ...options,
    });
    const received: RawClient["received"] = [];
    client.on("message", (topic, payload) => received.push({ topic, payload }));
    const closed = new Promise<void>((r) => client.once("close", () => r()));
    client.once("connect", () => resolve({ client, received, closed }));
    client.once("error", (err) => {
      client.end(true);
      reject(err);
    });
    void closed.then(() => reject(new Error("connection closed before CONNACK")));
  });
}

/** The CONNACK return code a connection attempt is refused with, or "connected". */
export async function connackCode(url: string, options: IClientOptions): Promise<number | "connected"> {
  try {
    const { client } = await connectRaw(url, options);
    await client.endAsync();
    return "connected";
  } catch (err) {
    return (err as { code?: number }).code ?? -1;
  }
}

/** Device credentials as the protocol wants them: client id = username = device id. */
export const asDevice = (deviceId: string, secret: string): IClientOptions => ({
  clientId: deviceId,
  username: deviceId,
  password: secret,
});

/**
 * The SUBACK return codes for one SUBSCRIBE of `filters` at QoS 1 (0x80 = refused, section 3.9.3).
 * mqtt.js rejects when any code is 0x80; the SUBACK packet rides on the error.
 */
export async function subscribeCodes(client: MqttClient, filters: string[]): Promise<number[]> {
  const request = Object.fromEntries(filters.map((f) => [f, { qos: 1 as const }]));
  return new Promise((resolve, reject) => {
    client.subscribe(request, (err, _granted, packet) => {
      const codes = (packet as { granted?: number[] } | undefined)?.granted;
      if (codes) resolve(codes);
      else reject(err ?? new Error("no SUBACK"));
    });
  });
}
