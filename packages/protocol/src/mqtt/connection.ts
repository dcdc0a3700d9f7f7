import { encodeMessage } from "./codec.ts";
import { PROTOCOL_VERSION } from "./messages/common.ts";
import { topicFor } from "./topics.ts";

/** MQTT 3.1.1 is protocol level 4 (section 3.1.2.2); the embedded aedes broker speaks nothing newer. */
export const MQTT_PROTOCOL_LEVEL = 4 as const;

/**
 * Seconds between control packets. A broker drops a silent client after 1.5 times this
 * [MQTT-3.1.2-24] and then publishes its Last Will, so the hub sees a lost device within ~45 s.
 */
export const KEEPALIVE_SECONDS = 30;

export interface DeviceCredentials {
  deviceId: string;
  /** The device secret issued at enrolment. */
  secret: string;
  /** A fresh UUID for this connection, also used in its birth and state messages. */
  connectionId: string;
}

/**
 * CONNECT settings for an agent, in the shape mqtt.js takes. The client id is the device id, so a second
 * connection with the same id takes over the first [MQTT-3.1.4-2]; clean session false keeps the
 * subscriptions and queued QoS 1 jobs and commands while the device is away [MQTT-3.1.2-4], [MQTT-3.1.2-5]. The
 * Last Will is a retained [MQTT-3.1.2-17] QoS 1 state message, published by the broker only if the
 * connection ends without DISCONNECT [MQTT-3.1.2-8], [MQTT-3.14.4-3].
 */
export function deviceConnectOptions(credentials: DeviceCredentials, now: Date = new Date()) {
  const { deviceId, secret, connectionId } = credentials;
  const willTopic = topicFor(deviceId, "state");
  const will = encodeMessage("state", {
    protocolVersion: PROTOCOL_VERSION,
    messageId: globalThis.crypto.randomUUID(),
    sentAt: now.toISOString(),
    deviceId,
    connectionId,
    status: "offline",
    reason: "connection-lost",
  });
  return {
    protocolVersion: MQTT_PROTOCOL_LEVEL,
    clientId: deviceId,
    username: deviceId,
    password: secret,
    clean: false,
    keepalive: KEEPALIVE_SECONDS,
    will: { topic: willTopic, payload: will, qos: 1 as const, retain: true },
  };
}
