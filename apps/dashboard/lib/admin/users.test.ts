import { userActor } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorizeToken } from "../auth/authorize.ts";
import { createSession, sessionUser } from "../auth/sessions.ts";
import { authenticate, createUser } from "../auth/users.ts";
import { revokeUserSessions, setUserPassword, setUserRole } from "./users.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
let admin: ReturnType<typeof userActor>;
const HOUR = 3_600_000;
const entries = (action: string) =>
  db.prisma.auditEntry.findMany({ where: { action }, orderBy: [{ at: "asc" }, { id: "asc" }] });
const parsed = (e: { before: string | null; after: string | null } | undefined) => [
  JSON.parse(e?.before ?? "null"),
  JSON.parse(e?.after ?? "null"),
];

beforeAll(async () => {
  db = await tempDb();
  admin = userActor(
    await createUser(db.prisma, { email: "root@example.org", password: "first-admin-pw", role: "admin" }),
  );
});
afterAll(() => db.dispose());

describe("user administration in the audit trail", () => {
  it("records a user's creation by the admin with e-mail and role, never the password or its hash", async () => {
    const user = await createUser(
      db.prisma,
      { email: "Vera@example.org", password: "vera-password-1", role: "viewer" },
      admin,
    );
    const [entry] = (await entries("user.create")).filter((e) => e.targetId === user.id);
    expect(entry).toMatchObject({
      actorUserId: admin.userId,
      actorLabel: "root@example.org",
      targetType: "user",
    });
    expect(parsed(entry)).toEqual([null, { email: "vera@example.org", role: "viewer" }]);
    const hash = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    expect(JSON.stringify(entry)).not.toContain("vera-password-1");
    expect(JSON.stringify(entry)).not.toContain(hash);
    // The first admin was created without an actor (as by a seed script): nothing recorded for it.
    expect((await entries("user.create")).map((e) => e.targetId)).toEqual([user.id]);
  });

  it("changes a role with old and new values; an admin cannot lower their own role", async () => {
    const user = await createUser(db.prisma, {
      email: "rita@example.org",
      password: "rita-password",
      role: "viewer",
    });
    expect(await setUserRole(db.prisma, user.id, "researcher", admin)).toEqual({
      email: "rita@example.org",
      before: "viewer",
      role: "researcher",
    });
    await setUserRole(db.prisma, user.id, "researcher", admin); // unchanged: not recorded
    await expect(setUserRole(db.prisma, admin.userId as string, "viewer", admin)).rejects.toMatchObject({
      code: "INTEGRITY",
    });
    await expect(setUserRole(db.prisma, user.id, "root" as "admin", admin)).rejects.toMatchObject({
      code: "INPUT",
    });
    await expect(setUserRole(db.prisma, "nobody", "viewer", admin)).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    const roles = await entries("user.role");
    expect(roles.map((e) => [e.targetId, ...parsed(e)])).toEqual([
      [
        user.id,
        { email: "rita@example.org", role: "viewer" },
        { email: "rita@example.org", role: "researcher" },
      ],
    ]);
  });

  it("sets a password, ends the user's sessions, and records neither password nor hash", async () => {
    const user = await createUser(db.prisma, {
      email: "pia@example.org",
      password: "old-password-1",
      role: "viewer",
    });
    const { token } = await createSession(db.prisma, user.id, HOUR);
    await createSession(db.prisma, user.id, HOUR);
    expect(await setUserPassword(db.prisma, user.id, "new-password-2", admin)).toEqual({
      email: "pia@example.org",
      endedSessions: 2,
    });
    expect(await authenticate(db.prisma, "pia@example.org", "old-password-1")).toBeNull();
    expect(await authenticate(db.prisma, "pia@example.org", "new-password-2")).toMatchObject({ id: user.id });
    expect(await sessionUser(db.prisma, token)).toBeNull();
    await expect(setUserPassword(db.prisma, user.id, "short", admin)).rejects.toMatchObject({
      code: "INPUT",
    });
    const [entry] = await entries("user.password");
    expect(parsed(entry)).toEqual([null, { email: "pia@example.org", sessionsEnded: 2 }]);
    const hash = (await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } })).passwordHash;
    for (const secret of ["old-password-1", "new-password-2", hash])
      expect(JSON.stringify(entry)).not.toContain(secret);
  });

  it("revokes every session of a user: their next request is refused with 401, others' sessions stay", async () => {
    const user = await createUser(db.prisma, {
      email: "sam@example.org",
      password: "sam-password",
      role: "researcher",
    });
    const laptop = await createSession(db.prisma, user.id, HOUR);
    const phone = await createSession(db.prisma, user.id, HOUR);
    const mine = await createSession(db.prisma, admin.userId as string, HOUR);
    expect((await authorizeToken(db.prisma, laptop.token, "researcher")).email).toBe("sam@example.org");

    expect(await revokeUserSessions(db.prisma, user.id, admin)).toEqual({
      email: "sam@example.org",
      endedSessions: 2,
    });
    for (const session of [laptop, phone]) {
      await expect(authorizeToken(db.prisma, session.token, "viewer")).rejects.toMatchObject({
        code: "UNAUTHORIZED",
        httpStatus: 401,
      });
    }
    expect((await sessionUser(db.prisma, mine.token))?.email).toBe("root@example.org");
    const [entry] = await entries("user.sessions-revoke");
    expect(entry).toMatchObject({ actorLabel: "root@example.org", targetId: user.id });
    expect(parsed(entry)).toEqual([
      { email: "sam@example.org", sessions: 2 },
      { email: "sam@example.org", sessions: 0 },
    ]);
    for (const s of [laptop, phone]) expect(JSON.stringify(entry)).not.toContain(s.token);
  });
});
