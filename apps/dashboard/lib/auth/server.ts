import "server-only";
import type { Role } from "@edgeseg/db";
import type { AuthGuard } from "@edgeseg/protocol";
import { cookies, headers } from "next/headers";
import { redirect } from "next/navigation";
import { cache } from "react";
import { env, prisma } from "../db.ts";
import { log } from "../log.ts";
import { authorize } from "./authorize.ts";
import { secureCookie } from "./cookie-security.ts";
import { limitedLogin, loginGuard } from "./login-limits.ts";
import { hasRole } from "./roles.ts";
import type { SessionUser } from "./session-user.ts";
import { createSession, endSession, sessionUser } from "./sessions.ts";
import { authenticate } from "./users.ts";

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

// One guard per server process, on globalThis for the reason lib/db.ts gives.
const holder = globalThis as { __edgesegLoginGuard?: AuthGuard };

/**
 * Log-in for the log-in page and POST /api/session: decides the cookie's Secure flag first (a plain
 * http log-in from another machine is refused, see cookie-security.ts), checks the password under the
 * log-in limits (per client address and per e-mail, capped concurrent checks), then opens a session.
 * The client address is X-Forwarded-For's first entry, which Next sets from the socket when the
 * client sent none; behind a proxy, let the proxy overwrite it.
 */
export async function logIn(email: string, password: string): Promise<SessionUser | null> {
  const h = await headers();
  const secure = secureCookie(env().secureCookies, {
    proto: h.get("x-forwarded-proto"),
    host: h.get("x-forwarded-host") ?? h.get("host"),
  });
  const address = h.get("x-forwarded-for")?.split(",")[0]?.trim() || "unknown";
  holder.__edgesegLoginGuard ??= loginGuard(env().loginLimits, log());
  const db = await prisma();
  const user = await limitedLogin(holder.__edgesegLoginGuard, address, email, () =>
    authenticate(db, email, password),
  );
  if (user) await startSession(user.id, secure);
  return user;
}

/** Opens a session for the user and sets the cookie: HttpOnly (no script reads it), SameSite=Lax. */
async function startSession(userId: string, secure: boolean): Promise<void> {
  const { sessionTtlMs } = env();
  const { token, expiresAt } = await createSession(await prisma(), userId, sessionTtlMs);
  (await cookies()).set(SESSION_COOKIE, token, {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    expires: expiresAt,
  });
}

export async function endCurrentSession(): Promise<void> {
  const jar = await cookies();
  await endSession(await prisma(), jar.get(SESSION_COOKIE)?.value);
  jar.delete(SESSION_COOKIE);
}
