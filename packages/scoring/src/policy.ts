import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { CONSTRAINT_KEYS } from "./constraints/types.ts";

const fraction = z.number().min(0).max(1);

/** The default fleet quantile: a budget is met when 90 % of the class's devices meet it. */
export const DEFAULT_FLEET_QUANTILE = 0.9;

/** The default egress bound per job, KB (see `egressBoundKb`). */
export const DEFAULT_EGRESS_BOUND_KB = 256;

/** The default time on-device fine-tuning may take to reach its plateau, minutes: one night (8 h). */
export const DEFAULT_FINE_TUNING_BUDGET_MINUTES = 480;
const weight = z.number().min(0).finite();

export const organThresholdSchema = z
  .object({ dice: fraction.optional(), nsd: fraction.optional() })
  .strict()
  .refine((t) => t.dice !== undefined || t.nsd !== undefined, { message: "set dice, nsd or both" });

export const scoreWeightsSchema = z
  .object({ accuracy: weight, speed: weight, memory: weight, fineTuning: weight })
  .strict()
  .refine((w) => w.accuracy + w.speed + w.memory + w.fineTuning > 0, {
    message: "at least one weight must be above 0",
  });

/**
 * What one device class asks of a model: its budgets (constraints 1 and 3), accuracy thresholds
 * (constraint 2) and how the composite score weighs the measured numbers. Edited per class on the
 * dashboard, so it is validated like any other external input.
 */
export const classPolicySchema = z
  .object({
    /** Peak resident memory one model run may use, MB (firmware profile budgets.memoryMb). */
    memoryBudgetMb: z.number().positive().finite(),
    /** End-to-end wall time allowed per case, seconds (firmware profile budgets.caseTimeSeconds). */
    caseTimeBudgetS: z.number().positive().finite(),
    /** Minimum mean DSC over the dataset's cases and organs. */
    diceThreshold: fraction,
    /** Minimum mean NSD (at the suite's tolerance) over the dataset's cases and organs. */
    nsdThreshold: fraction,
    /** Per-organ minimum mean DSC / NSD, by canonical organ name; applied to organs the result reports. */
    organThresholds: z.record(z.string().min(1), organThresholdSchema),
    weights: scoreWeightsSchema,
    /**
     * The share of the class's devices that must meet the memory and time budgets (and not throttle)
     * for the constraint to pass: 0.9 = "90 % of the class's devices meet the budget". Each device is
     * judged by the median of its own runs. Older saved policies without it get the default.
     */
    fleetQuantile: z.number().gt(0).max(1).default(DEFAULT_FLEET_QUANTILE),
    /**
     * The most a job may send from the device, in KB (1000 bytes), by its egress audit (constraint 4).
     * 256 KB is half of one 512 × 512 16-bit CT slice: a job that sent that much could have carried an
     * image. Older saved policies without it get the default.
     */
    egressBoundKb: z.number().positive().finite().default(DEFAULT_EGRESS_BOUND_KB),
    /**
     * The wall time on-device fine-tuning may take to reach its accuracy plateau (the whole fine-tuning
     * when it found none), minutes (constraint 5). 480 = one night: a clinic adapts a model to its
     * scanner after hours. Older saved policies without it get the default.
     */
    fineTuningBudgetMinutes: z.number().positive().finite().default(DEFAULT_FINE_TUNING_BUDGET_MINUTES),
    /** Factor applied to the composite score when any hard constraint fails (0 zeroes it). */
    failPenalty: fraction,
    /** Constraints whose failure puts a model behind every model that does not fail them. */
    hardConstraints: z.array(z.enum(CONSTRAINT_KEYS)),
  })
  .strict();

export type ClassPolicy = z.infer<typeof classPolicySchema>;
export type ScoreWeights = z.infer<typeof scoreWeightsSchema>;
export type OrganThreshold = z.infer<typeof organThresholdSchema>;

/** Validates a policy edited by a user; `where` names it in the message (e.g. "device class raspberry-pi-4"). */
export function parseClassPolicy(input: unknown, where: string): ClassPolicy {
  const parsed = classPolicySchema.safeParse(input);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues
    .map((issue) => `${issue.path.join(".") || "(policy)"}: ${issue.message}`)
    .join("; ");
  throw new AppError(
    "INPUT",
    `Invalid scoring policy for ${where}: ${issues}. Correct these values and save again.`,
  );
}
