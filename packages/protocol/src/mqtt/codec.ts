import type { z } from "zod";
import { AppError } from "../errors.ts";
import { kindSpecs, type MessageKind } from "./kinds.ts";
import { type MessageOf, messageSchemas } from "./schemas.ts";
import { parseTopic, topicFor } from "./topics.ts";

export type Decoded<T> = { ok: true; message: T } | { ok: false; error: string };

// Payloads are UTF-8 JSON; a payload that is not well-formed UTF-8 is refused rather than repaired.
const utf8 = new TextDecoder("utf-8", { fatal: true });

function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, 5).map((i) => `${i.path.join(".") || "(message)"}: ${i.message}`);
  const more = error.issues.length > shown.length ? `; and ${error.issues.length - shown.length} more` : "";
  return shown.join("; ") + more;
}

/**
 * Decodes a payload received on `kind` for `deviceId` (the topic's device). Never throws: a receiver
 * logs the error and drops the message. The size is checked before any parsing.
 */
export function decodeMessage<K extends MessageKind>(
  kind: K,
  payload: Uint8Array,
  deviceId: string,
): Decoded<MessageOf<K>> {
  const limit = kindSpecs[kind].maxBytes;
  if (payload.byteLength > limit) {
    return { ok: false, error: `${kind}: payload is ${payload.byteLength} bytes; the limit is ${limit}` };
  }
  // A zero-length retained PUBLISH clears a retained message [MQTT-3.3.1-10]; it is not a message.
  if (payload.byteLength === 0) return { ok: false, error: `${kind}: payload is empty` };
  let value: unknown;
  try {
    value = JSON.parse(utf8.decode(payload));
  } catch (error) {
    return { ok: false, error: `${kind}: payload is not UTF-8 JSON (${(error as Error).message})` };
  }
  const parsed = messageSchemas[kind].safeParse(value);
  if (!parsed.success) return { ok: false, error: `${kind}: ${describeIssues(parsed.error)}` };
  const message = parsed.data as MessageOf<K>;
  if (message.deviceId !== deviceId) {
    return {
      ok: false,
      error: `${kind}: body deviceId "${message.deviceId}" differs from the topic's device "${deviceId}"`,
    };
  }
  return { ok: true, message };
}

export type DecodedTopicMessage =
  | { [K in MessageKind]: { ok: true; kind: K; deviceId: string; message: MessageOf<K> } }[MessageKind]
  | { ok: false; error: string };

/** Parses the topic, then decodes the payload for that kind and device. */
export function decodeTopicMessage(topic: string, payload: Uint8Array): DecodedTopicMessage {
  const parsed = parseTopic(topic);
  if (!parsed) return { ok: false, error: `"${topic}" is not a topic of this protocol` };
  const decoded = decodeMessage(parsed.kind, payload, parsed.deviceId);
  if (!decoded.ok) return decoded;
  return { ok: true, ...parsed, message: decoded.message } as DecodedTopicMessage;
}

/** Validates and serialises a message; throws AppError INPUT rather than send an invalid one. */
export function encodeMessage<K extends MessageKind>(kind: K, message: MessageOf<K>): Buffer {
  const parsed = messageSchemas[kind].safeParse(message);
  if (!parsed.success) {
    throw new AppError(
      "INPUT",
      `refusing to send an invalid ${kind} message: ${describeIssues(parsed.error)}`,
    );
  }
  const payload = Buffer.from(JSON.stringify(parsed.data), "utf8");
  const limit = kindSpecs[kind].maxBytes;
  if (payload.byteLength > limit) {
    throw new AppError(
      "INPUT",
      `refusing to send a ${kind} message of ${payload.byteLength} bytes: the limit is ${limit}; send less detail (for results, fewer cases)`,
    );
  }
  return payload;
}

export interface OutgoingPublish {
  topic: string;
  payload: Buffer;
  qos: 0 | 1;
  retain: boolean;
}

/** Everything a client needs to publish a message: its topic, payload, QoS and retain flag. */
export function preparePublish<K extends MessageKind>(kind: K, message: MessageOf<K>): OutgoingPublish {
  const payload = encodeMessage(kind, message);
  const { qos, retained } = kindSpecs[kind];
  return { topic: topicFor(message.deviceId, kind), payload, qos, retain: retained };
}
