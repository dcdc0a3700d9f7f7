import { z } from "zod";
import { type ErrorCode, errorCodes } from "../../errors.ts";
import { entityIdSchema, envelopeShape } from "./common.ts";

export const errorEventMessageSchema = z
  .object({
    ...envelopeShape,
    code: z
      .enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]])
      .describe("The agent's error code (the same codes decide its CLI exit status)."),
    message: z.string().min(1).max(2000).describe("What went wrong and what to do, for a person."),
    jobId: entityIdSchema.optional().describe("The job affected, when there is one."),
  })
  .strict()
  .describe(
    "An error the hub should record, e.g. a job that could not be decoded or an artifact that failed its hash.",
  );

export type ErrorEventMessage = z.infer<typeof errorEventMessageSchema>;
