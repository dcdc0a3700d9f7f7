import { defaultPolicy } from "../default-policy.ts";
import type { ClassPolicy } from "../policy.ts";

/** A 1024 MB / 300 s class with the default thresholds, weights and hard constraints. */
export function testPolicy(patch: Partial<ClassPolicy> = {}): ClassPolicy {
  return { ...defaultPolicy({ id: "test", budgets: { memoryMb: 1024, caseTimeSeconds: 300 } }), ...patch };
}
