import { type AuditActor, type Db, hashToken, newToken, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";

type Prisma = Db["prisma"];

export const newTokenSchema = z.object({
  expiresInHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  requiresApproval: z.boolean(),
});

/**
 * A one-time enrolment token. Only its sha256 is stored (the hub looks it up by hash), so the token
 * itself is returned here once and cannot be shown again; the audit entry names the token's row id.
 */
export async function createEnrollmentToken(
  prisma: Prisma,
  input: z.input<typeof newTokenSchema> & { createdById: string | null },
  actor: AuditActor,
  now: Date = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date; requiresApproval: boolean }> {
  const { expiresInHours, requiresApproval } = newTokenSchema.parse(input);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + expiresInHours * 3_600_000);
  const row = await withAudit(prisma, actor, async (tx, audit) => {
    const created = await tx.enrollmentToken.create({
      data: { tokenHash: hashToken(token), expiresAt, requiresApproval, createdById: input.createdById },
    });
    audit({ action: "token.create", targetId: created.id, after: { expiresAt, requiresApproval } });
    return created;
  });
  return { id: row.id, token, expiresAt, requiresApproval };
}

export type TokenState = "unused" | "used" | "expired";

export async function listEnrollmentTokens(prisma: Prisma, now: Date = new Date(), take = 100) {
  const rows = await prisma.enrollmentToken.findMany({
    orderBy: { createdAt: "desc" },
    take,
    include: { usedByDevice: { select: { id: true, name: true } }, createdBy: { select: { email: true } } },
  });
  return rows.map((row) => ({
    id: row.id,
    createdAt: row.createdAt,
    expiresAt: row.expiresAt,
    requiresApproval: row.requiresApproval,
    usedAt: row.usedAt,
    usedBy: row.usedByDevice,
    createdBy: row.createdBy?.email ?? null,
    state: (row.usedAt ? "used" : row.expiresAt <= now ? "expired" : "unused") as TokenState,
  }));
}

/** Revokes an unused token by expiring it now (the row stays, for the record). */
export async function revokeEnrollmentToken(
  prisma: Prisma,
  id: string,
  actor: AuditActor,
  now: Date = new Date(),
): Promise<void> {
  await withAudit(prisma, actor, async (tx, audit) => {
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
}
