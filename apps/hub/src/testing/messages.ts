import { randomUUID } from "node:crypto";
import {
  exampleMessages,
  type MessageKind,
  type MessageOf,
  newEnvelope,
  preparePublish,
  type ResultMessage,
} from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";

/** The protocol's example message of `kind`, re-addressed to `deviceId` with a fresh envelope. */
export function message<K extends MessageKind>(
  kind: K,
  deviceId: string,
  patch: Partial<MessageOf<K>> = {},
): MessageOf<K> {
  return { ...structuredClone(exampleMessages[kind]), ...newEnvelope(deviceId), ...patch } as MessageOf<K>;
}

/** A result message with a new resultId, not tied to a job. */
export function resultMessage(deviceId: string, resultId: string = randomUUID()): ResultMessage {
  const base = message("results", deviceId, { jobId: null, attempt: null });
  return { ...base, result: { ...base.result, resultId } };
}

/** Publishes as an agent does: validated, with the kind's topic, QoS and retain flag. */
export async function send<K extends MessageKind>(
  client: MqttClient,
  kind: K,
  msg: MessageOf<K>,
): Promise<void> {
  const { topic, payload, qos, retain } = preparePublish(kind, msg);
  await client.publishAsync(topic, payload, { qos, retain });
}
