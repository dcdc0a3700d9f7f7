import { type AuditActor, type Db, hashToken, newToken, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

/** The longest lifetime a token may have (the CLI's --expires and the dashboard's form stay within it). */
export const MAX_TOKEN_LIFETIME_MS = 365 * 86_400_000;

export interface CreatedToken {
  id: string;
  /** The token itself: only its sha256 is stored, so this is the one time it can be shown. */
  token: string;
  expiresAt: Date;
  requiresApproval: boolean;
}

/**
 * A new single-use enrolment token. Only its sha256 is stored (the hub looks it up by hash); the
 * audit entry names the token's row id, its expiry and approval flag, never the token.
 */
export async function createEnrollmentToken(
  db: Db,
  input: { expiresInMs: number; requiresApproval: boolean; createdById?: string | null },
  opts: { actor?: AuditActor; now?: Date } = {},
): Promise<CreatedToken> {
  const { expiresInMs, requiresApproval } = input;
  if (!(Number.isFinite(expiresInMs) && expiresInMs > 0 && expiresInMs <= MAX_TOKEN_LIFETIME_MS)) {
    throw new AppError(
      "USAGE",
      `an enrolment token's lifetime must be more than 0 and at most 365 days, got ${expiresInMs} ms`,
    );
  }
  const token = newToken();
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + expiresInMs);
  const id = await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const row = await tx.enrollmentToken.create({
      data: {
        tokenHash: hashToken(token),
        expiresAt,
        requiresApproval,
        createdById: input.createdById ?? null,
      },
      select: { id: true },
    });
    audit({ action: "token.create", targetId: row.id, after: { expiresAt, requiresApproval } });
    return row.id;
  });
  return { id, token, expiresAt, requiresApproval };
}

/** Revokes an unused token by expiring it now (the row stays, for the record); audited. */
export async function revokeEnrollmentToken(
  db: Db,
  id: string,
  opts: { actor?: AuditActor; now?: Date } = {},
): Promise<{ id: string; expiresAt: Date }> {
  const now = opts.now ?? new Date();
  await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const row = await tx.enrollmentToken.findUnique({
      where: { id },
      select: { expiresAt: true, usedAt: true },
    });
    if (!row || row.usedAt || row.expiresAt <= now) {
      throw new AppError("INTEGRITY", `enrolment token ${id} is unknown, already used or already expired`);
    }
    await tx.enrollmentToken.update({ where: { id }, data: { expiresAt: now } });
    audit({
      action: "token.revoke",
      targetId: id,
      before: { expiresAt: row.expiresAt },
      after: { expiresAt: now },
    });
  });
  return { id, expiresAt: now };
}
