import { z } from "zod";
import { resultDocumentSchema } from "../../result.ts";
import { attemptSchema, entityIdSchema, envelopeShape } from "./common.ts";

export const resultSignatureSchema = z
  .object({
    alg: z.literal("ed25519").describe("Ed25519 (RFC 8032), the only algorithm."),
    keyId: z
      .string()
      .regex(/^[0-9a-f]{16}$/, "expected 16 lowercase hex digits")
      .describe("First 16 hex digits of the sha256 of the device's raw public key, as enrolled."),
    value: z
      .string()
      .regex(/^[A-Za-z0-9_-]{86}$/, "expected a base64url Ed25519 signature (64 bytes)")
      .describe(
        'base64url signature over the RFC 8785 canonical JSON of {"context":"edgeseg/result-signature/v1","deviceId":…,"result":…}.',
      ),
  })
  .strict();

export type ResultSignature = z.infer<typeof resultSignatureSchema>;

export const resultMessageSchema = z
  .object({
    ...envelopeShape,
    jobId: entityIdSchema
      .nullable()
      .describe("The job this run answers; null for a run started on the device."),
    attempt: attemptSchema.nullable().describe("The job's attempt; null exactly when jobId is null."),
    result: resultDocumentSchema.describe("The run's result document, exactly as the agent stored it."),
    signature: resultSignatureSchema
      .optional()
      .describe(
        "The device's signature of the result document (docs/security.md). Required from a device that enrolled a signing key; a result without one is stored as unverified and never ranked.",
      ),
  })
  .strict()
  .refine((m) => (m.jobId === null) === (m.attempt === null), {
    message: "jobId and attempt are both set or both null",
    path: ["attempt"],
  })
  .describe(
    "A finished run, published from the disk spool until the hub's storage receipt (commands: result-receipts) names it. The hub upserts by result.resultId, so a re-sent result never duplicates.",
  );

export type ResultMessage = z.infer<typeof resultMessageSchema>;
