import { z } from "zod";
import { deviceIdSchema } from "../device-id.ts";

/** The wire protocol version this package speaks; the topic root carries the same number. */
export const PROTOCOL_VERSION = 1;

/**
 * Lowercase canonical UUID (RFC 9562 versions 1-8). Lowercase only, because ids are idempotency keys:
 * the same id in two letter cases must not become two rows.
 */
export const uuidSchema = z
  .string()
  .regex(
    /^[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
    "expected a lowercase UUID",
  )
  .meta({ format: "uuid" });

export const timestampSchema = z.iso.datetime();

export const sha256Schema = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256");

/** Job and campaign ids: safe in logs and in the agent's file names (no '/', no '..'). */
export const entityIdSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, "expected 1-64 of A-Z a-z 0-9 _ -");

export const attemptSchema = z.number().int().min(1).max(1000);

/** Fields every message starts with. */
export const envelopeShape = {
  protocolVersion: z
    .literal(PROTOCOL_VERSION)
    .describe("Protocol version. Receivers refuse any other value."),
  messageId: uuidSchema.describe(
    "Chosen by the sender, unique per message. A re-sent message keeps its id, so a receiver drops one it has already handled.",
  ),
  sentAt: timestampSchema.describe("When the sender created the message: UTC, ISO 8601 with 'Z'."),
  deviceId: deviceIdSchema.describe(
    "The device the message is from (device to hub) or for (hub to device). Must equal the device level of the topic.",
  ),
};

export type Envelope = {
  protocolVersion: typeof PROTOCOL_VERSION;
  messageId: string;
  sentAt: string;
  deviceId: string;
};

/** A fresh envelope for a message about to be sent. */
export function newEnvelope(deviceId: string, now: Date = new Date()): Envelope {
  return {
    protocolVersion: PROTOCOL_VERSION,
    messageId: globalThis.crypto.randomUUID(),
    sentAt: now.toISOString(),
    deviceId,
  };
}
