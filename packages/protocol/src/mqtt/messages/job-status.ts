import { z } from "zod";
import { attemptSchema, entityIdSchema, envelopeShape } from "./common.ts";

export const jobAckMessageSchema = z
  .object({
    ...envelopeShape,
    jobId: entityIdSchema.describe("The job being answered."),
    attempt: attemptSchema.describe("The attempt being answered."),
    status: z.enum(["accepted", "rejected"]).describe("accepted: queued or running; rejected: will not run."),
    reason: z
      .string()
      .min(1)
      .max(500)
      .nullable()
      .describe("Why the job was rejected, for the person reading the dashboard; null when accepted."),
  })
  .strict()
  .refine((m) => (m.status === "rejected") === (m.reason !== null), {
    message: "a rejection carries a reason and an acceptance does not",
    path: ["reason"],
  })
  .describe(
    "The device's answer to a job. Sent again, unchanged in meaning, for every re-delivery of the same job and attempt.",
  );

export const progressMessageSchema = z
  .object({
    ...envelopeShape,
    jobId: entityIdSchema.describe("The running job."),
    attempt: attemptSchema.describe("The running attempt."),
    phase: z
      .enum([
        "fetching",
        "verifying",
        "loading",
        "warmup",
        "single-stream",
        "offline",
        "accuracy",
        "finishing",
      ])
      .describe("Step of the run, in this order; a run may skip steps."),
    done: z
      .number()
      .int()
      .nonnegative()
      .describe("Units of the phase completed (files, queries or cases); at most total."),
    total: z.number().int().positive().describe("Units the phase has in all."),
  })
  .strict()
  .refine((m) => m.done <= m.total, { message: "done cannot exceed total", path: ["done"] })
  .describe("Where a running job is. Not retained; a lost one is replaced by the next.");

export type JobAckMessage = z.infer<typeof jobAckMessageSchema>;
export type ProgressMessage = z.infer<typeof progressMessageSchema>;
