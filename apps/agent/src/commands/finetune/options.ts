import { z } from "zod";
import { numberFlag } from "../../cli/options.ts";

const count = (flag: string, max: number) =>
  numberFlag(flag).pipe(
    z
      .number()
      .int(`${flag} must be a whole number`)
      .positive(`${flag} must be at least 1`)
      .max(max, `${flag} must be at most ${max}`),
  );

/** `edgeseg-agent finetune` flags, named as `bench` names them where they mean the same. */
export const finetuneOptionsSchema = z
  .object({
    model: z.string().min(1).optional(),
    suite: z.string().min(1).optional(),
    threads: numberFlag("--threads").pipe(z.number().int().min(0).max(256)).optional(),
    memoryLimit: count("--memory-limit", 1_048_576).optional(),
    timeout: numberFlag("--timeout").pipe(z.number().positive("--timeout must be more than 0 seconds")),
    steps: count("--steps", 100_000).optional(),
    epochs: count("--epochs", 1000).optional(),
    trainSlices: count("--train-slices", 512).optional(),
    json: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    if (o.model && o.suite)
      ctx.addIssue({ code: "custom", path: ["suite"], message: "give either --model or --suite, not both" });
    else if (!o.model && !o.suite)
      ctx.addIssue({
        code: "custom",
        path: ["model"],
        message: "give --model <manifest> (with the standard-v1 fine-tuning scenario) or --suite <id>",
      });
  });

export type FinetuneOptions = z.infer<typeof finetuneOptionsSchema>;
