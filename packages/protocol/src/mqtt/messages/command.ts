import { z } from "zod";
import { resultDocumentSchema } from "../../result.ts";
import { attemptSchema, entityIdSchema, envelopeShape, sha256Schema } from "./common.ts";

const noArgs = z.object({}).strict().describe("No arguments: an empty object.");

/** Ids per receipt: 64 × 39 bytes of JSON keeps the message well under the 4 KiB commands limit. */
export const MAX_RECEIPT_IDS = 64;

/** Exactly the ids a result document may carry, so every stored result can be named. */
const receiptIds = (what: string) =>
  z.array(resultDocumentSchema.shape.resultId).max(MAX_RECEIPT_IDS).describe(what);

/**
 * The storage receipt (docs/protocol.md, "Results and storage receipts"): sent by the hub that wrote
 * the results, after the transaction holding them committed, so the agent keeps a result in its spool
 * until the hub, not only the broker, has it.
 */
export const resultReceiptsArgsSchema = z
  .object({
    stored: receiptIds(
      "resultIds now in the hub's database (stored by this message's batch, or already stored before): the agent deletes them from its spool.",
    ),
    refused: receiptIds(
      "resultIds the hub refused for good and logged why (signature, clock, a resultId stored for another device); publishing them again cannot change that, so the agent deletes them and logs a warning.",
    ),
  })
  .strict()
  .refine((a) => a.stored.length + a.refused.length >= 1, {
    message: "a receipt names at least one resultId",
    path: ["stored"],
  })
  .refine((a) => a.stored.length + a.refused.length <= MAX_RECEIPT_IDS, {
    message: `a receipt names at most ${MAX_RECEIPT_IDS} resultIds`,
    path: ["stored"],
  })
  .describe("The results this receipt answers: at least one, at most 64 ids in all.");

export type ResultReceipts = z.infer<typeof resultReceiptsArgsSchema>;

export const commandMessageSchema = z
  .discriminatedUnion("command", [
    z
      .object({
        ...envelopeShape,
        command: z
          .literal("cancel-job")
          .describe("Stop a job: kill the run if it is running, drop it if queued."),
        args: z
          .object({
            jobId: entityIdSchema.describe("The job to cancel."),
            attempt: attemptSchema.optional().describe("Only this attempt; every attempt when absent."),
          })
          .strict(),
      })
      .strict(),
    z
      .object({
        ...envelopeShape,
        command: z
          .literal("refresh-config")
          .describe("Re-read the agent's configuration, then publish a new birth message."),
        args: noArgs,
      })
      .strict(),
    z
      .object({
        ...envelopeShape,
        command: z.literal("ping").describe("Publish a telemetry message now."),
        args: noArgs,
      })
      .strict(),
    z
      .object({
        ...envelopeShape,
        command: z
          .literal("result-receipts")
          .describe(
            "Storage receipt: the hub has committed (or refused for good) these results. The agent deletes each from its spool; a result with no receipt is published again after the agent's receipt window. Unknown resultIds are ignored.",
          ),
        args: resultReceiptsArgsSchema,
      })
      .strict(),
    z
      .object({
        ...envelopeShape,
        command: z
          .literal("update-agent")
          .describe(
            "Install the hub's agent release bundle for this device's platform (downloaded from <hubUrl>/api/agent/bundles/<file>, verified against sha256), switch to it, restart; switch back if the new version does not publish its birth message within timeoutS.",
          ),
        args: z
          .object({
            version: z
              .string()
              .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, "expected a version such as 0.2.0")
              .describe("The version to install."),
            bundles: z
              .array(
                z
                  .object({
                    platform: z.enum(["linux-x64", "linux-arm64", "linux-armv7l"]),
                    file: z
                      .string()
                      .regex(/^edgeseg-agent-[0-9A-Za-z.-]+\.tar\.gz$/, "expected a bundle tarball name")
                      .describe("The tarball's name under <hubUrl>/api/agent/bundles/."),
                    sha256: sha256Schema.describe("The tarball's sha256: the download must match it."),
                  })
                  .strict(),
              )
              .min(1)
              .max(8)
              .describe("One bundle per platform; the agent picks its own."),
            timeoutS: z
              .number()
              .int()
              .min(10)
              .max(3600)
              .describe("How long the new version has to come online before the agent switches back."),
          })
          .strict(),
      })
      .strict(),
  ])
  .describe(
    "An instruction from the hub. Not retained; queued by the broker for an offline device (clean session false).",
  );

export type CommandMessage = z.infer<typeof commandMessageSchema>;
