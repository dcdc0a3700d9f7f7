import { z } from "zod";
import { deviceIdSchema } from "../mqtt/device-id.ts";
import { deviceInfoSchema } from "../result.ts";

/** POST /api/enroll — an agent exchanges a one-time enrolment token for its own credentials. */
export const ENROLL_PATH = "/api/enroll";

export const enrollRequestSchema = z
  .object({
    token: z
      .string()
      .min(16)
      .max(200)
      .describe("The enrolment token an admin created (edgeseg-hub token create)."),
    /** sha256 over stable hardware facts (board model, CPU, RAM, machine-id): recognises a re-enrolled device. */
    fingerprint: z.string().regex(/^[0-9a-f]{64}$/),
    device: deviceInfoSchema,
    agentVersion: z.string().min(1).max(40),
    name: z
      .string()
      .min(1)
      .max(100)
      .optional()
      .describe("A human name for the device, e.g. the clinic room."),
    signingKey: z
      .string()
      .regex(/^[A-Za-z0-9_-]{43}$/, "expected a base64url raw Ed25519 public key (32 bytes)")
      .optional()
      .describe(
        "The Ed25519 public key the device made for this enrolment (raw, base64url, as a JWK's x): the hub verifies the device's result signatures with it. Agents before signing send none; their results are stored as unverified.",
      ),
  })
  .strict();

export const enrollResponseSchema = z
  .object({
    deviceId: deviceIdSchema,
    /** Shown once; the hub stores only its scrypt hash. */
    secret: z.string().min(32).max(200),
    /** active: may connect now; pending: an admin must approve the device first. */
    status: z.enum(["active", "pending"]),
    mqttUrl: z
      .string()
      .min(1)
      .max(500)
      .describe("Where the agent connects, e.g. mqtt://hub.clinic.local:1883."),
    hubUrl: z.string().min(1).max(500).describe("HTTP base URL for artifacts."),
    caFingerprint: z
      .string()
      .regex(/^sha256:[0-9a-f]{64}$/, "expected sha256: and 64 lowercase hex digits")
      .optional()
      .describe(
        "sha256 of the DER of the CA certificate the hub's TLS certificate chains to (edgeseg-hub tls init); absent when the hub serves no TLS. The agent pins it for MQTT and HTTPS.",
      ),
    signingKeyId: z
      .string()
      .regex(/^[0-9a-f]{16}$/)
      .optional()
      .describe("The id of the signing key the hub stored for this device (absent when none was sent)."),
  })
  .strict();

/** Every HTTP error body, with the AppError code. */
export const httpErrorSchema = z
  .object({ error: z.object({ code: z.string(), message: z.string() }).strict() })
  .strict();

export type EnrollRequest = z.infer<typeof enrollRequestSchema>;
export type EnrollResponse = z.infer<typeof enrollResponseSchema>;
export type HttpError = z.infer<typeof httpErrorSchema>;
