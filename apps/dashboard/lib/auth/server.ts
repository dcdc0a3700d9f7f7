import "server-only";
import type { Role } from "@edgeseg/db";
import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { env, prisma } from "../db.ts";
import { authorize } from "./authorize.ts";
import { hasRole } from "./roles.ts";
import type { SessionUser } from "./session-user.ts";
import { createSession, endSession, sessionUser } from "./sessions.ts";

export const SESSION_COOKIE = "edgeseg_session";

/** The signed-in user or null; looked up once per request however many components ask. */
export const currentUser = cache(async (): Promise<SessionUser | null> => {
  const token = (await cookies()).get(SESSION_COOKIE)?.value;
  return sessionUser(await prisma(), token);
});

/**
 * For server actions and route handlers that write: the user when their role is `role` or above,
 * otherwise throws AppError UNAUTHORIZED / FORBIDDEN. The role is read from the database on every
 * call, never taken from the client.
 */
export async function requireRole(role: Role): Promise<SessionUser> {
  return authorize(await currentUser(), role);
}

/**
 * For pages: the user, or a redirect to the log-in page (no session) or to /forbidden (role too low).
 * Call it in every page, not only in a layout: layouts are not re-rendered on client navigation.
 */
export async function requirePageRole(role: Role = "viewer", from = "/"): Promise<SessionUser> {
  const user = await currentUser();
  if (!user) redirect(`/login?next=${encodeURIComponent(from)}`);
  if (!hasRole(user.role, role)) redirect(`/forbidden?need=${role}`);
  return user;
}

/** Opens a session for the user and sets the cookie: HttpOnly (no script reads it), SameSite=Lax. */
export async function startSession(userId: string): Promise<void> {
  const { sessionTtlMs, secureCookies } = env();
  const { token, expiresAt } = await createSession(await prisma(), userId, sessionTtlMs);
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies,
    path: "/",
    expires: expiresAt,
  });
}

export async function endCurrentSession(): Promise<void> {
  const jar = await cookies();
  await endSession(await prisma(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}
