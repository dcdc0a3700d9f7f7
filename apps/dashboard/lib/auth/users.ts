import {
  type AuditActor,
  type Db,
  hashSecret,
  needsRehash,
  passwordScryptParams,
  type Role,
  verifySecret,
  withAudit,
} from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { z } from "zod";
import { toAppError } from "../errors.ts";
import type { SessionUser } from "./session-user.ts";

type Prisma = Db["prisma"];

export const emailSchema = z.string().trim().toLowerCase().pipe(z.email());
// NIST SP 800-63B §3.1.1.2: at least 8 characters for user-chosen secrets, no composition rules.
export const passwordSchema = z.string().min(8, "use at least 8 characters").max(256);
export const roleSchema = z.enum(["viewer", "researcher", "admin"]);

export const newUserSchema = z.object({ email: emailSchema, password: passwordSchema, role: roleSchema });
export type NewUser = z.input<typeof newUserSchema>;

/** A user's password as stored: scrypt at OWASP's N = 2^17 (packages/db secret.ts). */
export function hashPassword(password: string): Promise<string> {
  return hashSecret(password, passwordScryptParams);
}

/** Creates a user; with an actor (an admin, or `cli:<os user>` for create-admin) it is audited. */
export async function createUser(prisma: Prisma, input: NewUser, actor?: AuditActor): Promise<SessionUser> {
  const parsed = newUserSchema.safeParse(input);
  if (!parsed.success) throw toAppError(parsed.error);
  const { email, password, role } = parsed.data;
  if (await prisma.user.findUnique({ where: { email } })) {
    throw new AppError("INTEGRITY", `a user with e-mail ${email} already exists: pick another address`);
  }
  const passwordHash = await hashPassword(password);
  const user = await withAudit(prisma, actor, async (tx, audit) => {
    const row = await tx.user.create({ data: { email, role, passwordHash } });
    audit({ action: "user.create", targetId: row.id, after: { email, role } });
    return row;
  });
  return pick(user);
}

// Verified against when the e-mail is unknown, so a wrong address costs as long as a wrong password
// and response time does not reveal which accounts exist.
let decoyHash: Promise<string> | undefined;

/**
 * The user when e-mail and password match, otherwise null (never says which was wrong). A hash made
 * with weaker parameters than today's (N = 2^14 before) is replaced after the password verified, so
 * older accounts move to N = 2^17 at their next log-in; the update is conditional on the old hash, so
 * a password changed meanwhile is not overwritten.
 */
export async function authenticate(
  prisma: Prisma,
  email: string,
  password: string,
): Promise<SessionUser | null> {
  const user = await prisma.user.findUnique({ where: { email: email.trim().toLowerCase() } });
  if (!user) {
    decoyHash ??= hashPassword("edgeseg-decoy-password");
    await verifySecret(password, await decoyHash);
    return null;
  }
  if (!(await verifySecret(password, user.passwordHash))) return null;
  if (needsRehash(user.passwordHash, passwordScryptParams)) {
    await prisma.user.updateMany({
      where: { id: user.id, passwordHash: user.passwordHash },
      data: { passwordHash: await hashPassword(password) },
    });
  }
  return pick(user);
}

function pick(user: { id: string; email: string; role: Role }): SessionUser {
  return { id: user.id, email: user.email, role: user.role };
}
