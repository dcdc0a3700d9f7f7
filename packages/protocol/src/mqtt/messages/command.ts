import { z } from "zod";
import { attemptSchema, entityIdSchema, envelopeShape, sha256Schema } from "./common.ts";

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
