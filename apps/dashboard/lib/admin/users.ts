import { type AuditActor, type Db, withAudit } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import type { z } from "zod";
import { hashPassword, passwordSchema, roleSchema } from "../auth/users.ts";
import { toAppError } from "../errors.ts";

type Prisma = Db["prisma"];

/** Users for the admin page: never the password hashes. */
export function listUsers(prisma: Prisma) {
  return prisma.user.findMany({
    orderBy: { email: "asc" },
    select: { id: true, email: true, role: true, createdAt: true, _count: { select: { sessions: true } } },
  });
}

function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw toAppError(parsed.error);
  return parsed.data;
}

const noUser = (id: string) => new AppError("NOT_FOUND", `user ${id} does not exist: reload the page`);

/**
 * Gives a user another role; it applies from their next request (the role is read from the database
 * on every request). An admin cannot demote themselves, so the hub never loses its last admin by
 * accident from this page.
 */
export async function setUserRole(
  prisma: Prisma,
  userId: string,
  role: z.input<typeof roleSchema>,
  actor: AuditActor,
): Promise<{ email: string; before: string; role: string }> {
  const next = parse(roleSchema, role);
  if (userId === actor.userId && next !== "admin") {
    throw new AppError("INTEGRITY", "you cannot lower your own role: ask another admin to do it");
  }
  return withAudit(prisma, actor, async (tx, audit) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true, role: true } });
    if (!user) throw noUser(userId);
    if (user.role !== next) {
      await tx.user.update({ where: { id: userId }, data: { role: next } });
      audit({
        action: "user.role",
        targetId: userId,
        before: { email: user.email, role: user.role },
        after: { email: user.email, role: next },
      });
    }
    return { email: user.email, before: user.role, role: next };
  });
}

/**
 * Sets a user's password (scrypt-hashed before the transaction) and ends all their sessions, so
 * whoever knew the old password is logged out too. The audit entry says that the password changed and
 * how many sessions ended, never the password or its hash.
 */
export async function setUserPassword(
  prisma: Prisma,
  userId: string,
  password: string,
  actor: AuditActor,
): Promise<{ email: string; endedSessions: number }> {
  const passwordHash = await hashPassword(parse(passwordSchema, password));
  return withAudit(prisma, actor, async (tx, audit) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw noUser(userId);
    await tx.user.update({ where: { id: userId }, data: { passwordHash } });
    const ended = await tx.session.deleteMany({ where: { userId } });
    audit({
      action: "user.password",
      targetId: userId,
      after: { email: user.email, sessionsEnded: ended.count },
    });
    return { email: user.email, endedSessions: ended.count };
  });
}

/**
 * Ends every session of a user: their session rows are deleted, so the next request with any of their
 * cookies finds no session and is sent to the log-in page (or answered 401 by the API).
 */
export async function revokeUserSessions(
  prisma: Prisma,
  userId: string,
  actor: AuditActor,
): Promise<{ email: string; endedSessions: number }> {
  return withAudit(prisma, actor, async (tx, audit) => {
    const user = await tx.user.findUnique({ where: { id: userId }, select: { email: true } });
    if (!user) throw noUser(userId);
    const ended = await tx.session.deleteMany({ where: { userId } });
    audit({
      action: "user.sessions-revoke",
      targetId: userId,
      before: { email: user.email, sessions: ended.count },
      after: { email: user.email, sessions: 0 },
    });
    return { email: user.email, endedSessions: ended.count };
  });
}
