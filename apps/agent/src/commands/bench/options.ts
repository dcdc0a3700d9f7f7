import { z } from "zod";
import { numberFlag } from "../../cli/options.ts";

const seconds = (flag: string) =>
  numberFlag(flag).pipe(z.number().positive(`${flag} must be more than 0 seconds`));
const count = (flag: string) =>
  numberFlag(flag).pipe(z.number().int(`${flag} must be a whole number`).positive());

export const benchOptionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    dataset: z.string().min(1).optional(),
    suite: z.string().min(1).optional(),
    backend: z.enum(["auto", "node", "wasm"], { error: "--backend must be auto, node or wasm" }),
    threads: numberFlag("--threads").pipe(z.number().int().min(0).max(256)).optional(),
    minDuration: seconds("--min-duration").optional(),
    minQueries: count("--min-queries").optional(),
    maxDuration: seconds("--max-duration").optional(),
    maxCases: count("--max-cases").optional(),
    memoryArena: z.boolean(),
    memoryPattern: z.boolean(),
    timeout: seconds("--timeout"),
    memoryLimit: count("--memory-limit").optional(),
    json: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.suite && (o.model || o.dataset)) {
      ctx.addIssue({
        code: "custom",
        path: ["suite"],
        message: "give either --suite or --model with --dataset, not both",
      });
    } else if (!o.suite && !(o.model && o.dataset)) {
      ctx.addIssue({
        code: "custom",
        path: ["model"],
        message: "give --model <manifest> and --dataset <dir>, or --suite <id>",
      });
    }
    if (o.minDuration && o.maxDuration && o.maxDuration < o.minDuration) {
      ctx.addIssue({ code: "custom", path: ["maxDuration"], message: "must be at least --min-duration" });
    }
  });

export type BenchOptions = z.infer<typeof benchOptionsSchema>;

/** Scenario overrides from the flags, in the result document's units (ms). */
export function scenarioOverrides(
  o: BenchOptions,
  base: { minDurationMs: number; minQueries: number; maxDurationMs: number },
) {
  return {
    singleStream: {
      minDurationMs: o.minDuration !== undefined ? o.minDuration * 1000 : base.minDurationMs,
      minQueries: o.minQueries ?? base.minQueries,
      maxDurationMs:
        o.maxDuration !== undefined
          ? o.maxDuration * 1000
          : Math.max(base.maxDurationMs, (o.minDuration ?? 0) * 1000),
    },
  };
}
