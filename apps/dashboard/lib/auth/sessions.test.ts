import { hashToken } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createSession, endSession, sessionUser } from "./sessions.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
let userId: string;
const HOUR = 3_600_000;
const t0 = new Date("2026-11-26T08:00:00Z");

beforeAll(async () => {
  db = await tempDb();
  userId = (
    await db.prisma.user.create({ data: { email: "s@example.org", passwordHash: "unused", role: "viewer" } })
  ).id;
});
afterAll(() => db.dispose());

describe("sessions", () => {
  it("stores only the token's sha256 and expires after the TTL, deleting the row", async () => {
    const { token, expiresAt } = await createSession(db.prisma, userId, 12 * HOUR, t0);
    expect(expiresAt.toISOString()).toBe("2026-11-26T20:00:00.000Z");
    const row = await db.prisma.session.findFirstOrThrow({ where: { userId } });
    expect(row.tokenHash).toBe(hashToken(token));
    expect(row.tokenHash).not.toBe(token);

    const justBefore = new Date(expiresAt.getTime() - 1);
    expect(await sessionUser(db.prisma, token, justBefore)).toEqual({
      id: userId,
      email: "s@example.org",
      role: "viewer",
    });
    expect(await sessionUser(db.prisma, token, expiresAt)).toBeNull();
    expect(await db.prisma.session.count({ where: { tokenHash: hashToken(token) } })).toBe(0);
  });

  it("knows no unknown or missing token, and log-out deletes the session", async () => {
    const { token } = await createSession(db.prisma, userId, HOUR, t0);
    expect(await sessionUser(db.prisma, undefined, t0)).toBeNull();
    expect(await sessionUser(db.prisma, `${token}x`, t0)).toBeNull();
    expect(await sessionUser(db.prisma, hashToken(token), t0)).toBeNull(); // the stored hash is no cookie
    await endSession(db.prisma, token);
    expect(await sessionUser(db.prisma, token, t0)).toBeNull();
    expect(await db.prisma.session.count({ where: { tokenHash: hashToken(token) } })).toBe(0);
  });

  it("drops the user's expired sessions when a new one starts", async () => {
    await db.prisma.session.deleteMany({});
    await createSession(db.prisma, userId, HOUR, t0);
    const live = await createSession(db.prisma, userId, 10 * HOUR, t0);
    await createSession(db.prisma, userId, HOUR, new Date(t0.getTime() + 2 * HOUR));
    const left = await db.prisma.session.findMany({ where: { userId }, orderBy: { expiresAt: "asc" } });
    expect(left.map((s) => s.expiresAt.getTime() - t0.getTime())).toEqual([3 * HOUR, 10 * HOUR]);
    expect(left[1]?.tokenHash).toBe(hashToken(live.token));
  });
});
