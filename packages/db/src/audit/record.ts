import type { Prisma, PrismaClient } from "../generated/prisma/client.ts";
import { AUDIT_ACTIONS, type AuditAction } from "./actions.ts";
import type { AuditActor } from "./actor.ts";

/** The changed fields of a target, as plain JSON-able values (Dates become ISO strings). */
export type AuditValues = Record<string, unknown>;

export interface AuditEvent {
  action: AuditAction;
  targetId: string;
  /** null or absent: the target did not exist before (a creation). */
  before?: AuditValues | null;
  /** null or absent: the target no longer exists (a deletion) or nothing readable changed. */
  after?: AuditValues | null;
}

/** Records events of the transaction it is given; `withAudit` writes them before the commit. */
export type Audit = (event: AuditEvent) => void;

// Belt and braces: writers pass only the fields a reader needs, but a field whose name says it holds
// a secret (password, secret, token, any hash) is never stored, whatever a caller passed.
const SECRET_KEY = /secret|password|passwd|token|hash/i;
export const REDACTED = "[redacted]";

function redact(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redact);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, SECRET_KEY.test(k) ? REDACTED : redact(v)]),
    );
  }
  return value;
}

const jsonText = (values: AuditValues | null | undefined) =>
  values == null ? null : JSON.stringify(redact(values));

/** Writes one audit entry inside the caller's transaction. */
export async function recordAudit(
  tx: Prisma.TransactionClient,
  actor: AuditActor,
  event: AuditEvent,
  at: Date = new Date(),
): Promise<void> {
  await tx.auditEntry.create({
    data: {
      at,
      actorUserId: actor.userId,
      actorLabel: actor.label,
      action: event.action,
      targetType: AUDIT_ACTIONS[event.action],
      targetId: event.targetId,
      before: jsonText(event.before),
      after: jsonText(event.after),
    },
  });
}

/**
 * Runs a write in one transaction with its audit entries: `write` makes its changes through `tx` and
 * calls `audit(...)` for each; the entries are written before the commit, so the change and its
 * record are stored together or not at all. Without an actor (an automated write: tests, seeding,
 * the quick start's own set-up) the write runs the same and nothing is recorded.
 */
export async function withAudit<T>(
  prisma: PrismaClient,
  actor: AuditActor | undefined,
  write: (tx: Prisma.TransactionClient, audit: Audit) => Promise<T>,
): Promise<T> {
  return prisma.$transaction(async (tx) => {
    // Write first: a SQLite transaction that reads and then writes fails at once (SQLITE_BUSY) when
    // another process (the hub) committed in between; one that starts with a write takes the write
    // lock and waits its busy timeout instead. Matching no row, it changes nothing (PostgreSQL too).
    await tx.$executeRawUnsafe(`UPDATE "AuditEntry" SET "id" = "id" WHERE 1 = 0`);
    const events: AuditEvent[] = [];
    const value = await write(tx, (event) => events.push(event));
    if (actor) {
      const at = new Date();
      for (const event of events) await recordAudit(tx, actor, event, at);
    }
    return value;
  });
}
