import { errorCodes, jobMessageSchema, scenarioSettingsSchema } from "@edgeseg/protocol";
import { z } from "zod";
import type { ProgressPhase } from "./progress.ts";

/**
 * What the daemon hands a job's child process (job-child.ts): the job, its plan and the model laid out
 * on disk. Plain JSON over the IPC channel, validated again on the child's side.
 */
export const jobWorkInputSchema = z
  .object({
    job: jobMessageSchema,
    /** Chosen at acceptance: the result document's id. */
    resultId: z.string().min(1),
    /** The run directory's manifest.json (layoutRunDir). */
    manifestPath: z.string().min(1),
    plan: z.object({
      ok: z.literal(true),
      dataset: z.discriminatedUnion("kind", [
        z.object({ kind: z.literal("local"), dir: z.string().min(1) }),
        z.object({ kind: z.literal("suite"), suiteId: z.string().min(1) }),
      ]),
      scenario: scenarioSettingsSchema,
    }),
    /** `<dataDir>/cache`: generated phantom datasets and fine-tuning sites. */
    cacheDir: z.string().min(1),
    /** `<dataDir>/skeletons`: skeletons filled once per sha256, kept across jobs. */
    skeletonCacheDir: z.string().min(1),
    agentVersion: z.string().min(1),
    /** The job's dataset is one the field engineer configured: its names are hidden in the result. */
    localDataset: z.boolean(),
  })
  .strict();

export type JobWorkInput = z.infer<typeof jobWorkInputSchema>;

/** The daemon's answer once the child has prepared the dataset and the daemon has counted the start. */
export type JobDecision =
  | { type: "run" }
  /** Runs that died with the agent too often: the child builds the failed result (reason crash). */
  | { type: "give-up"; message: string; at: string }
  | { type: "abort" };

export type ToJobChild = { type: "input"; input: JobWorkInput } | JobDecision;

const progressPhase = z.custom<ProgressPhase>((v) => typeof v === "string");

/** Messages from the child; anything else is logged and dropped. */
export const fromJobChildSchema = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("progress"),
    update: z.object({ phase: progressPhase, done: z.number(), total: z.number() }),
  }),
  z.object({
    type: z.literal("log"),
    level: z.enum(["info", "warn"]),
    fields: z.record(z.string(), z.unknown()),
    msg: z.string(),
  }),
  /** The dataset is ready and verified: waiting for the daemon's JobDecision. */
  z.object({ type: z.literal("prepared"), datasetDir: z.string() }),
  /** Stopped by an abort (cancel-job, shutdown) before a result. */
  z.object({ type: z.literal("stopped") }),
  /** The result document; the daemon validates it with the protocol's schema before spooling it. */
  z.object({ type: z.literal("result"), doc: z.unknown() }),
  /** The job failed before producing a result (bad input, a dataset hash that differs). */
  z.object({
    type: z.literal("error"),
    code: z.enum(Object.keys(errorCodes) as [keyof typeof errorCodes]),
    message: z.string(),
  }),
]);

export type FromJobChild = z.infer<typeof fromJobChildSchema>;

/** Where the child's log lines go: the daemon's logger, bound to the job. */
export interface JobLog {
  info(fields: Record<string, unknown>, msg: string): void;
  warn(fields: Record<string, unknown>, msg: string): void;
}
