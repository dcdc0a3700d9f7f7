import type { AuditActor, Db } from "@edgeseg/db";
import { createEnrollmentToken } from "@edgeseg/registry";
import { z } from "zod";

type Prisma = Db["prisma"];

/** The dashboard's token form: 1 hour to 30 days. */
export const newTokenSchema = z.object({
  expiresInHours: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  requiresApproval: z.boolean(),
});

/**
 * The form's input checked, then written by the registry (createEnrollmentToken, the same function
 * `edgeseg-hub token create` calls): only the token's sha256 is stored, so it is returned here once.
 */
export async function createTokenFromForm(
  db: Db,
  input: z.input<typeof newTokenSchema> & { createdById: string | null },
  actor: AuditActor,
  now: Date = new Date(),
) {
  const { expiresInHours, requiresApproval } = newTokenSchema.parse(input);
  return createEnrollmentToken(
    db,
    { expiresInMs: expiresInHours * 3_600_000, requiresApproval, createdById: input.createdById },
    { actor, now },
  );
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
