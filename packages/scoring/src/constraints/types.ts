/** The five clinical deployment constraints (docs: /work/shared/ARCHITECTURE.md, README.md here). */
export const CONSTRAINT_KEYS = [
  "resources",
  "accuracy",
  "executionTime",
  "dataLocality",
  "fineTuning",
] as const;

export type ConstraintKey = (typeof CONSTRAINT_KEYS)[number];

/** "unknown" means a number the check needs was not reported — never a failure by itself. */
export type ConstraintStatus = "pass" | "fail" | "unknown";

export interface ConstraintResult {
  status: ConstraintStatus;
  /** The numbers behind the badge, e.g. "412 MB of 1024 MB; no throttling". */
  value: string;
  /** One sentence saying why the status is what it is. */
  detail: string;
}

export type Constraints = Record<ConstraintKey, ConstraintResult>;

/** A failing check beats a missing number: a run already over budget fails whatever else is unknown. */
export function combineStatus(statuses: ConstraintStatus[]): ConstraintStatus {
  if (statuses.includes("fail")) return "fail";
  if (statuses.includes("unknown")) return "unknown";
  return "pass";
}
