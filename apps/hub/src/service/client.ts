import type { Duplex } from "node:stream";
import { AppError, MQTT_PROTOCOL_LEVEL } from "@edgeseg/protocol";
import mqtt, { type IClientOptions, MqttClient } from "mqtt";
import { SERVICE_USERNAME } from "../broker/identity.ts";

export type BrokerTarget = { url: string } | { stream: () => Duplex };

export interface ServiceClientOptions {
  target: BrokerTarget;
  clientId: string;
  password: string;
  /** Overrides the service username (an external broker's own account). */
  username?: string;
}

/**
 * The hub's MQTT client: fixed client id and clean session false, so the broker keeps its
 * subscriptions and queues QoS 1 messages while the hub restarts [MQTT-3.1.2-4], [MQTT-3.1.2-5], and
 * re-sends unacknowledged ones on reconnect [MQTT-4.4.0-1]. MQTT 3.1.1 only.
 */
export function serviceClient(opts: ServiceClientOptions): MqttClient {
  const options: IClientOptions = {
    protocolVersion: MQTT_PROTOCOL_LEVEL,
    clientId: opts.clientId,
    username: opts.username ?? SERVICE_USERNAME,
    password: opts.password,
    clean: false,
    keepalive: 30,
    reconnectPeriod: 1000,
    connectTimeout: 10_000,
    // Subscriptions live in the broker's session; re-subscribing after a reconnect is still harmless.
    resubscribe: true,
  };
  if ("url" in opts.target) return mqtt.connect(opts.target.url, options);
  return new MqttClient(opts.target.stream, options);
}

/** Waits for the first CONNACK; a refusal or an unreachable broker stops start-up with its reason. */
export function firstConnect(client: MqttClient, where: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      cleanup();
      client.end(true);
      reject(new AppError("RUNTIME", `cannot connect to the MQTT broker at ${where}: ${reason}`));
    };
    const onConnect = () => {
      cleanup();
      resolve();
    };
    const onError = (error: Error) =>
      fail(`${error.message}; check --broker and that the broker accepts the hub's service credential`);
    const timer = setTimeout(() => fail(`no CONNACK within ${timeoutMs} ms`), timeoutMs);
    const cleanup = () => {
      clearTimeout(timer);
      client.off("connect", onConnect);
      client.off("error", onError);
    };
    client.on("connect", onConnect);
    client.on("error", onError);
  });
}
