import { z } from "zod";
import { resultDocumentSchema } from "../../result.ts";
import { attemptSchema, entityIdSchema, envelopeShape } from "./common.ts";

export const resultMessageSchema = z
  .object({
    ...envelopeShape,
    jobId: entityIdSchema
      .nullable()
      .describe("The job this run answers; null for a run started on the device."),
    attempt: attemptSchema.nullable().describe("The job's attempt; null exactly when jobId is null."),
    result: resultDocumentSchema.describe("The run's result document, exactly as the agent stored it."),
  })
  .strict()
  .refine((m) => (m.jobId === null) === (m.attempt === null), {
    message: "jobId and attempt are both set or both null",
    path: ["attempt"],
  })
  .describe(
    "A finished run, published from the disk spool until the broker acknowledges it. The hub upserts by result.resultId, so a re-sent result never duplicates.",
  );

export type ResultMessage = z.infer<typeof resultMessageSchema>;
