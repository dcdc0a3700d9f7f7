import { z } from "zod";

const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "expected a lowercase hex sha256 (64 characters)");
const split = z
  .object({
    seed: z.number().int().nonnegative(),
    cases: z.number().int().positive().max(50),
    /** The engine's dataset hash of the generated split (packages/bench dataset/hash.ts). */
    sha256,
  })
  .strict();

/**
 * The fine-tuning scenario (docs/fine-tuning.md): adapt each model's trainable part to a second scanner
 * site on a few annotated slices, on the device, and score that site's test split before and after.
 */
export const fineTuningScenarioSchema = z
  .object({
    /** The new site's data, generated on the device like the suite's dataset and pinned by hash. */
    site: z
      .object({
        generator: z.string().min(1).max(80),
        generatorVersion: z.string().min(1).max(40),
        site: z.literal("b"),
        train: split,
        test: split,
      })
      .strict(),
    /** Annotated slices trained on, spread over the site's train cases (slices with organs only). */
    trainSlices: z.number().int().positive().max(512),
    /** Held-out slices of the train cases whose DSC after every epoch decides the plateau. */
    validationSlices: z.number().int().positive().max(128),
    /** Test cases of the site scored before and after (at most site.test.cases). */
    testCases: z.number().int().positive().max(50),
    epochs: z.number().int().positive().max(1000),
    /** Hard cap on optimizer steps, whatever the epochs say. */
    maxSteps: z.number().int().positive().max(100_000),
    batchSize: z.number().int().positive().max(64),
    optimizer: z
      .object({ name: z.enum(["adam", "sgd"]), learningRate: z.number().positive().max(1) })
      .strict(),
    /** The plateau: the first epoch whose validation DSC gains no more than minDelta over the best before. */
    plateau: z.object({ minDelta: z.number().nonnegative().max(1) }).strict(),
  })
  .strict()
  .refine((f) => f.testCases <= f.site.test.cases, {
    message: "testCases must not exceed site.test.cases",
    path: ["testCases"],
  });

export type FineTuningScenario = z.infer<typeof fineTuningScenarioSchema>;
