import type { Db } from "@edgeseg/db";
import { createAdmin } from "edgeseg-dashboard/create-admin";

export interface AdminCredentials {
  email: string;
  /** null when the admin existed already: its password was shown at the run that created it. */
  password: string | null;
  userId: string;
}

/** The first admin: created with a generated password, or found from an earlier run. */
export async function ensureAdmin(db: Db, hubDir: string, email: string): Promise<AdminCredentials> {
  const existing = await db.prisma.user.findUnique({ where: { email }, select: { id: true } });
  if (existing) return { email, password: null, userId: existing.id };
  const created = await createAdmin({ dataDir: hubDir, email });
  const user = await db.prisma.user.findUniqueOrThrow({ where: { email }, select: { id: true } });
  return { email: created.email, password: created.password, userId: user.id };
}
