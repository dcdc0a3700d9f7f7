import type { Db, Role } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { hasRole } from "./roles.ts";
import type { SessionUser } from "./session-user.ts";
import { sessionUser } from "./sessions.ts";

/** The user when their role is `required` or above; otherwise UNAUTHORIZED (no session) or FORBIDDEN. */
export function authorize(user: SessionUser | null, required: Role): SessionUser {
  if (!user) throw new AppError("UNAUTHORIZED", "not logged in: log in at /login and try again");
  if (!hasRole(user.role, required)) {
    throw new AppError(
      "FORBIDDEN",
      `this needs the ${required} role and ${user.email} is a ${user.role}: ask an admin for access`,
    );
  }
  return user;
}

/** Resolves a session token and checks its role; the role always comes from the database. */
export async function authorizeToken(
  prisma: Db["prisma"],
  token: string | undefined,
  required: Role,
  now: Date = new Date(),
): Promise<SessionUser> {
  return authorize(await sessionUser(prisma, token, now), required);
}
