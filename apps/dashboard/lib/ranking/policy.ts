import type { DeviceClass, Prisma } from "@edgeseg/db";
import { type ClassPolicy, classPolicySchema, defaultPolicy, parseClassPolicy } from "@edgeseg/scoring";

/** The DeviceClass columns a policy is made of. */
export type ClassRow = Pick<
  DeviceClass,
  "id" | "memoryBudgetMb" | "caseTimeBudgetS" | "diceThreshold" | "nsdThreshold" | "profile" | "scoring"
>;

/** The part of a policy kept in `DeviceClass.scoring` (the rest has columns of its own). */
const storedScoringSchema = classPolicySchema.pick({
  organThresholds: true,
  weights: true,
  failPenalty: true,
  fleetQuantile: true,
  egressBoundKb: true,
  fineTuningBudgetMinutes: true,
  hardConstraints: true,
});

/**
 * A device class's scoring policy as stored: budgets and thresholds from its columns, the rest from
 * `scoring` when an admin saved one, else the scoring defaults. A stored value that no longer
 * validates (hand-edited row, older format) falls back to the defaults rather than break the page.
 */
export function classPolicy(row: ClassRow): ClassPolicy {
  const base = defaultPolicy({
    id: row.id,
    budgets: { memoryMb: row.memoryBudgetMb, caseTimeSeconds: row.caseTimeBudgetS },
  });
  const stored = storedScoringSchema.safeParse(row.scoring);
  return parseClassPolicy(
    {
      ...base,
      diceThreshold: row.diceThreshold,
      nsdThreshold: row.nsdThreshold,
      ...(stored.success ? stored.data : {}),
    },
    `device class ${row.id}`,
  );
}

/** Whether an admin changed anything beyond the budgets and thresholds the class was created with. */
export function hasCustomScoring(row: ClassRow): boolean {
  return storedScoringSchema.safeParse(row.scoring).success;
}

/**
 * The policy a class is reset to: the budgets of its firmware profile (`DeviceClass.profile`, the
 * profile as loaded from firmware-profiles/ when the class was created) and the scoring defaults.
 * Without a readable profile the current budgets stay.
 */
export function defaultClassPolicy(row: ClassRow): ClassPolicy {
  const budgets = (row.profile as { budgets?: { memoryMb?: unknown; caseTimeSeconds?: unknown } } | null)
    ?.budgets;
  const fromProfile =
    typeof budgets?.memoryMb === "number" &&
    budgets.memoryMb > 0 &&
    typeof budgets.caseTimeSeconds === "number" &&
    budgets.caseTimeSeconds > 0;
  return defaultPolicy({
    id: row.id,
    budgets: fromProfile
      ? { memoryMb: budgets.memoryMb as number, caseTimeSeconds: budgets.caseTimeSeconds as number }
      : { memoryMb: row.memoryBudgetMb, caseTimeSeconds: row.caseTimeBudgetS },
  });
}

/** The DeviceClass update that stores a policy. */
export function policyUpdate(policy: ClassPolicy): Prisma.DeviceClassUpdateInput {
  const { memoryBudgetMb, caseTimeBudgetS, diceThreshold, nsdThreshold, ...scoring } = policy;
  return {
    memoryBudgetMb,
    caseTimeBudgetS,
    diceThreshold,
    nsdThreshold,
    scoring: scoring as Prisma.InputJsonValue,
  };
}
