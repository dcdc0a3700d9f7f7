import { type AuditActor, type Db, hashToken, newToken, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";

const units = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const MAX_MS = 365 * units.d;

/** "90s", "30m", "24h", "7d" → milliseconds. */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim());
  const ms = m ? Number(m[1]) * units[m[2] as keyof typeof units] : Number.NaN;
  if (!(ms > 0 && ms <= MAX_MS)) {
    throw new AppError(
      "USAGE",
      `${flag} "${text}": expected a duration such as 30m, 24h or 7d (at most 365d)`,
    );
  }
  return ms;
}

export interface CreatedToken {
  token: string;
  expiresAt: Date;
  requiresApproval: boolean;
}

/** A new single-use enrolment token; only its sha256 is stored, so it is shown this once (and audited without it). */
export async function createEnrollmentToken(
  db: Db,
  opts: { expiresInMs: number; requiresApproval: boolean; actor?: AuditActor; now?: Date },
): Promise<CreatedToken> {
  const token = newToken();
  const expiresAt = new Date((opts.now ?? new Date()).getTime() + opts.expiresInMs);
  const { requiresApproval } = opts;
  await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const row = await tx.enrollmentToken.create({
      data: { tokenHash: hashToken(token), expiresAt, requiresApproval },
      select: { id: true },
    });
    audit({ action: "token.create", targetId: row.id, after: { expiresAt, requiresApproval } });
  });
  return { token, expiresAt, requiresApproval: opts.requiresApproval };
}
