import { type Db, hashToken, newToken } from "@edgeseg/db";
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
 * itself is returned here once and cannot be shown again.
 */
export async function createEnrollmentToken(
  prisma: Prisma,
  input: z.input<typeof newTokenSchema> & { createdById: string | null },
  now: Date = new Date(),
): Promise<{ id: string; token: string; expiresAt: Date; requiresApproval: boolean }> {
  const { expiresInHours, requiresApproval } = newTokenSchema.parse(input);
  const token = newToken();
  const expiresAt = new Date(now.getTime() + expiresInHours * 3_600_000);
  const row = await prisma.enrollmentToken.create({
    data: { tokenHash: hashToken(token), expiresAt, requiresApproval, createdById: input.createdById },
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
  now: Date = new Date(),
): Promise<void> {
  const { count } = await prisma.enrollmentToken.updateMany({
    where: { id, usedAt: null, expiresAt: { gt: now } },
    data: { expiresAt: now },
  });
  if (count === 0) {
    throw new AppError("INTEGRITY", `enrolment token ${id} is unknown, already used or already expired`);
  }
}
