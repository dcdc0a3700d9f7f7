import { AppError, type RepeatRule } from "@edgeseg/protocol";
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
    offlineQueries: count("--offline-queries")
      .pipe(z.number().max(100_000, "--offline-queries must be at most 100000"))
      .optional(),
    /** The same count under the name the docs use; --offline-queries stays for scripts that pass it. */
    offlineImages: count("--offline-images")
      .pipe(z.number().max(100_000, "--offline-images must be at most 100000"))
      .optional(),
    offlineMaxMs: numberFlag("--offline-max-ms")
      .pipe(
        z
          .number()
          .int("--offline-max-ms must be a whole number of milliseconds")
          .nonnegative("--offline-max-ms must be 0 or more (0 times one batch)")
          .max(86_400_000, "--offline-max-ms must be at most 86400000 (a day)"),
      )
      .optional(),
    repeatsMin: count("--repeats-min")
      .pipe(z.number().max(50, "--repeats-min must be at most 50"))
      .optional(),
    repeatsMax: count("--repeats-max")
      .pipe(z.number().max(50, "--repeats-max must be at most 50"))
      .optional(),
    /** In percent on the command line (3.5 = 3.5 %), a fraction in the document. */
    maxCov: numberFlag("--max-cov")
      .pipe(
        z
          .number()
          .positive("--max-cov must be more than 0 %")
          .max(100, "--max-cov is a percentage: at most 100"),
      )
      .optional(),
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
    if (o.repeatsMin && o.repeatsMax && o.repeatsMin > o.repeatsMax) {
      ctx.addIssue({ code: "custom", path: ["repeatsMin"], message: "must not exceed --repeats-max" });
    }
    if (o.offlineQueries !== undefined && o.offlineImages !== undefined) {
      ctx.addIssue({
        code: "custom",
        path: ["offlineImages"],
        message: "give --offline-images or its older name --offline-queries, not both",
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

/**
 * The Offline scenario's image count (--offline-images, or --offline-queries) and time cap
 * (--offline-max-ms) over the suite's (or the default); each flag replaces one part.
 */
export function offlineOverride(
  o: BenchOptions,
  base: { batchSize: number; minQueries: number; maxDurationMs?: number | undefined },
) {
  const images = o.offlineImages ?? o.offlineQueries;
  if (images === undefined && o.offlineMaxMs === undefined) return {};
  const { maxDurationMs, ...rest } = base;
  const cap = o.offlineMaxMs ?? maxDurationMs;
  return {
    offline: {
      ...rest,
      minQueries: images ?? base.minQueries,
      ...(cap !== undefined ? { maxDurationMs: cap } : {}),
    },
  };
}

/**
 * The repeat rule from the flags over the suite's (or the single-model default): each flag replaces
 * one part. Without any flag the base stands, absent if the base has none.
 */
export function repeatOverrides(o: BenchOptions, base: RepeatRule | undefined, fallback: RepeatRule) {
  if (o.repeatsMin === undefined && o.repeatsMax === undefined && o.maxCov === undefined) {
    return base ? { repeats: base } : {};
  }
  const from = base ?? fallback;
  const repeats: RepeatRule = {
    minRepeats: o.repeatsMin ?? from.minRepeats,
    maxRepeats: o.repeatsMax ?? from.maxRepeats,
    maxCov: o.maxCov !== undefined ? o.maxCov / 100 : from.maxCov,
  };
  if (repeats.minRepeats > repeats.maxRepeats) {
    const which = o.repeatsMin !== undefined ? "--repeats-min" : "the minimum";
    throw new AppError(
      "USAGE",
      `invalid option ${which} ${repeats.minRepeats} exceeds the maximum of ${repeats.maxRepeats} repeats` +
        ` (${o.repeatsMax !== undefined ? "--repeats-max" : "the suite's maxRepeats"}): give both --repeats-min and --repeats-max`,
    );
  }
  return { repeats };
}
