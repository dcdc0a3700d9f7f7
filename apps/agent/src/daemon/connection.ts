import { randomUUID } from "node:crypto";
import { deviceConnectOptions } from "@edgeseg/protocol";
import mqtt, { type MqttClient } from "mqtt";
import type { Logger } from "pino";
import type { EgressMeter } from "../net/egress.ts";
import { type BackoffPolicy, backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";

export interface ConnectionOptions {
  mqttUrl: string;
  deviceId: string;
  secret: string;
  logger: Logger;
  /** TLS client options for mqtts:// and wss:// (the CA pinned at enrolment). */
  tls?: object;
  backoff?: BackoffPolicy;
  random?: () => number;
  /** Counts every packet each connection's client writes (docs/data-locality.md). */
  egress?: EgressMeter;
  /** Called on every CONNACK: subscribe, publish birth and state, drain the spool. */
  onConnect(client: MqttClient, connectionId: string): Promise<void>;
  onDisconnect(): void;
  onMessage(topic: string, payload: Buffer): void;
}

export interface Connection {
  /** The connected client, or null while (re)connecting. */
  current(): { client: MqttClient; connectionId: string } | null;
  /** Stops reconnecting; `beforeDisconnect` runs while still connected, then DISCONNECT is sent. */
  close(beforeDisconnect?: (client: MqttClient, connectionId: string) => Promise<void>): Promise<void>;
}

/** A connection that lasted this long resets the backoff; a shorter one (a flapping link) does not. */
const STABLE_MS = 30_000;

/**
 * Keeps one MQTT 3.1.1 connection to the broker. Each attempt uses a fresh mqtt.js client with its own
 * connection id in the Last Will (mqtt.js's built-in reconnect reuses the CONNECT packet and retries at a
 * fixed period); failed attempts back off exponentially with full jitter up to the cap.
 */
export function startConnection(opts: ConnectionOptions): Connection {
  const log = opts.logger;
  let closing = false;
  let live: { client: MqttClient; connectionId: string } | null = null;
  let attemptClient: MqttClient | null = null;
  let wake: (() => void) | null = null;

  async function attempt(): Promise<{ connected: boolean; lastedMs: number }> {
    const connectionId = randomUUID();
    const client = mqtt.connect(opts.mqttUrl, {
      ...deviceConnectOptions({ deviceId: opts.deviceId, secret: opts.secret, connectionId }),
      protocolVersion: 4, // MQTT 3.1.1, as deviceConnectOptions says; typed as mqtt.js's literal
      reconnectPeriod: 0,
      connectTimeout: 20_000,
      resubscribe: false,
      // mqtt-packet's default pre-builds a 2-byte Buffer for each of the 65 536 packet ids and
      // lengths: 6 MB of the idle daemon's heap (docs/performance.md) to save an allocation per packet.
      writeCache: false,
      // Connected below, once the egress meter watches it: CONNECT is written inside connect().
      manualConnect: true,
      ...opts.tls,
    });
    attemptClient = client;
    client.on("message", (topic, payload) => opts.onMessage(topic, payload));
    client.on("error", (error) => {
      const code = (error as { code?: unknown }).code;
      if (code === 4 || code === 5) {
        log.error(
          `the broker refused this device (${error.message}): it may await an admin's approval, be revoked, or its secret may be wrong`,
        );
      } else log.warn({ err: error.message }, `MQTT connection error: ${error.message}`);
    });
    const closed = new Promise<void>((resolve) => client.once("close", () => resolve()));
    const connecting = new Promise<boolean>((resolve) => client.once("connect", () => resolve(true)));
    opts.egress?.watchMqtt(client);
    client.connect();
    const connected = await Promise.race([connecting, closed.then(() => false)]);
    const since = Date.now();
    if (connected && !closing) {
      live = { client, connectionId };
      log.info({ connectionId }, `connected to ${opts.mqttUrl}`);
      try {
        await opts.onConnect(client, connectionId);
      } catch (error) {
        log.warn({ err: (error as Error).message }, "session set-up was interrupted");
      }
      await closed;
      live = null;
      opts.onDisconnect();
      if (!closing) log.warn(`disconnected from ${opts.mqttUrl}`);
    }
    client.end(true);
    return { connected, lastedMs: Date.now() - since };
  }

  const loop = (async () => {
    let failures = 0;
    while (!closing) {
      const outcome = await attempt();
      if (closing) break;
      failures = outcome.connected && outcome.lastedMs >= STABLE_MS ? 1 : failures + 1;
      const delay = backoffDelay(failures, opts.backoff ?? DEFAULT_BACKOFF, opts.random);
      log.info({ retryInMs: delay, failures }, `reconnecting in ${(delay / 1000).toFixed(1)} s`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, delay);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
    }
  })();

  return {
    current: () => live,
    async close(beforeDisconnect) {
      closing = true;
      wake?.();
      const now = live;
      if (now && beforeDisconnect) {
        try {
          await beforeDisconnect(now.client, now.connectionId);
        } catch (error) {
          log.warn({ err: (error as Error).message }, "could not finish the session cleanly");
        }
      }
      // DISCONNECT makes the broker discard the Last Will [MQTT-3.14.4-3]; force-close a pending attempt.
      if (now?.client.connected) await now.client.endAsync().catch(() => undefined);
      attemptClient?.end(true);
      await loop;
    },
  };
}
