import { type AuditActor, type Db, Prisma, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import type { ClassPolicy } from "@edgeseg/scoring";
import { classPolicy, defaultClassPolicy, policyUpdate } from "../ranking/policy.ts";

type PrismaClient = Db["prisma"];

/** The top-level policy fields whose values differ, as { before, after } for the audit trail. */
export function policyChange(before: ClassPolicy, after: ClassPolicy) {
  const changed = Object.keys({ ...before, ...after }).filter(
    (key) =>
      JSON.stringify(before[key as keyof ClassPolicy]) !== JSON.stringify(after[key as keyof ClassPolicy]),
  );
  const pick = (p: ClassPolicy) =>
    Object.fromEntries(changed.map((k) => [k, p[k as keyof ClassPolicy] ?? null]));
  return { changed, before: pick(before), after: pick(after) };
}

async function writePolicy(
  prisma: PrismaClient,
  classId: string,
  actor: AuditActor,
  next: (row: Parameters<typeof classPolicy>[0]) => { policy: ClassPolicy; reset: boolean },
): Promise<{ name: string; changed: string[] }> {
  return withAudit(prisma, actor, async (tx, audit) => {
    const row = await tx.deviceClass.findUnique({ where: { id: classId } });
    if (!row) throw new AppError("NOT_FOUND", `device class ${classId} does not exist`);
    const { policy, reset } = next(row);
    await tx.deviceClass.update({
      where: { id: row.id },
      data: { ...policyUpdate(policy), ...(reset ? { scoring: Prisma.DbNull } : {}) },
    });
    const change = policyChange(classPolicy(row), policy);
    if (change.changed.length > 0 || reset) {
      audit({
        action: reset ? "policy.reset" : "policy.update",
        targetId: row.id,
        before: change.before,
        after: change.after,
      });
    }
    return { name: row.name, changed: change.changed };
  });
}

/**
 * Stores a device class's scoring policy (budgets, thresholds, organ thresholds, weights, fail
 * penalty, hard constraints) with an audit entry holding the fields that changed, old and new.
 */
export function saveClassPolicy(
  prisma: PrismaClient,
  classId: string,
  policy: ClassPolicy,
  actor: AuditActor,
) {
  return writePolicy(prisma, classId, actor, () => ({ policy, reset: false }));
}

/** Resets a class to its firmware profile's budgets and the scoring defaults, audited the same way. */
export function resetClassPolicy(prisma: PrismaClient, classId: string, actor: AuditActor) {
  return writePolicy(prisma, classId, actor, (row) => ({ policy: defaultClassPolicy(row), reset: true }));
}
