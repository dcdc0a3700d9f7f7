import {
  type DeviceInfo,
  type MessageKind,
  type MessageOf,
  newEnvelope,
  preparePublish,
  topicFor,
} from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { birthMessage, type Capabilities } from "./birth.ts";
import { publishAsync } from "./mqtt-publish.ts";

export interface SessionDeps {
  deviceId: string;
  agentVersion: string;
  device: DeviceInfo;
  capabilities: Capabilities;
  logger: Logger;
  now: () => Date;
}

function sender(client: MqttClient) {
  return async <K extends MessageKind>(kind: K, message: MessageOf<K>) => {
    const out = preparePublish(kind, message);
    await publishAsync(client, out.topic, out.payload, { qos: out.qos, retain: out.retain });
  };
}

/** The birth message for this connection; sent at connect and again after refresh-config. */
export function publishBirth(client: MqttClient, connectionId: string, d: SessionDeps): Promise<void> {
  return sender(client)(
    "birth",
    birthMessage(d.deviceId, connectionId, d.agentVersion, d.device, d.capabilities),
  );
}

/**
 * Session start (docs/protocol.md, "Session"): subscribe to this device's jobs and commands, publish
 * birth, then the `online` state with the same connection id. The caller then drains the spool and
 * sends the first heartbeat.
 */
export async function openSession(client: MqttClient, connectionId: string, d: SessionDeps): Promise<void> {
  const granted = await client.subscribeAsync({
    [topicFor(d.deviceId, "jobs")]: { qos: 1 },
    [topicFor(d.deviceId, "commands")]: { qos: 1 },
  });
  // SUBACK return code 0x80 is a refusal [MQTT-3.9.3]: this device would never see a job.
  const refused = granted.filter((g) => g.qos === 128).map((g) => g.topic);
  if (refused.length > 0) {
    d.logger.error(
      { refused },
      `the broker refused the subscription to ${refused.join(", ")}: check its ACL`,
    );
  }
  await publishBirth(client, connectionId, d);
  await sender(client)("state", {
    ...newEnvelope(d.deviceId, d.now()),
    connectionId,
    status: "online",
    reason: "connected",
  });
}

/** A DISCONNECT discards the Last Will [MQTT-3.14.4-3], so a clean shutdown says offline itself. */
export function publishOffline(client: MqttClient, connectionId: string, d: SessionDeps): Promise<void> {
  return sender(client)("state", {
    ...newEnvelope(d.deviceId, d.now()),
    connectionId,
    status: "offline",
    reason: "shutdown",
  });
}
