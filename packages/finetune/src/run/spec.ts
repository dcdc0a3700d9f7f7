import { z } from "zod";

/** What one fine-tuning run needs, sent to the child process (structured clone). */
export const fineTuneSpecSchema = z
  .object({
    manifestPath: z.string().min(1),
    /** The new site's train split (annotated slices come from here) and test split (scored before/after). */
    trainDir: z.string().min(1),
    testDir: z.string().min(1),
    /** How the result names the site's data, e.g. "phantom-abdomen-v1-site-b@f0697194". */
    datasetLabel: z.string().min(1).max(200),
    trainSlices: z.number().int().positive(),
    validationSlices: z.number().int().nonnegative(),
    testCases: z.number().int().positive(),
    epochs: z.number().int().positive(),
    maxSteps: z.number().int().positive(),
    batchSize: z.number().int().positive(),
    optimizer: z.object({ name: z.enum(["adam", "sgd"]), learningRate: z.number().positive() }).strict(),
    plateauMinDelta: z.number().nonnegative(),
    nsdToleranceMm: z.number().positive(),
    /** Intra-op threads for every session (0: ONNX Runtime decides). */
    threads: z.number().int().nonnegative(),
    /** Seed of the slice choice and the epoch shuffles. */
    seed: z.number().int().nonnegative().default(2026),
  })
  .strict();

export type FineTuneSpec = z.infer<typeof fineTuneSpecSchema>;

/** Progress the child reports, forwarded as plain lines by the CLI and as job progress by the daemon. */
export interface FineTuneProgress {
  type: "progress";
  phase: "prepare" | "before" | "frozen" | "train" | "after";
  message: string;
}
