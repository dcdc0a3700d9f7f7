import { z } from "zod";
import { attemptSchema, entityIdSchema, envelopeShape } from "./common.ts";

const noArgs = z.object({}).strict().describe("No arguments: an empty object.");

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
  ])
  .describe(
    "An instruction from the hub. Not retained; queued by the broker for an offline device (clean session false).",
  );

export type CommandMessage = z.infer<typeof commandMessageSchema>;
