import { type Db, hashToken, newToken } from "@edgeseg/db";
import type { SessionUser } from "./session-user.ts";

type Prisma = Db["prisma"];

/**
 * Starts a session: the browser gets a random 32-byte token, the database only its sha256, so a
 * leaked database cannot be replayed as cookies. Also drops the user's expired sessions.
 */
export async function createSession(
  prisma: Prisma,
  userId: string,
  ttlMs: number,
  now: Date = new Date(),
): Promise<{ token: string; expiresAt: Date }> {
  const token = newToken();
  const expiresAt = new Date(now.getTime() + ttlMs);
  await prisma.session.deleteMany({ where: { userId, expiresAt: { lte: now } } });
  await prisma.session.create({ data: { tokenHash: hashToken(token), userId, expiresAt } });
  return { token, expiresAt };
}

/** The session's user, or null when the token is unknown or expired (an expired row is deleted). */
export async function sessionUser(
  prisma: Prisma,
  token: string | undefined,
  now: Date = new Date(),
): Promise<SessionUser | null> {
  if (!token) return null;
  const session = await prisma.session.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: { select: { id: true, email: true, role: true } } },
  });
  if (!session) return null;
  if (session.expiresAt.getTime() <= now.getTime()) {
    await prisma.session.deleteMany({ where: { id: session.id } });
    return null;
  }
  return session.user;
}

/** Log-out: the session row goes, so the cookie is worthless even if it was copied. */
export async function endSession(prisma: Prisma, token: string | undefined): Promise<void> {
  if (token) await prisma.session.deleteMany({ where: { tokenHash: hashToken(token) } });
}
