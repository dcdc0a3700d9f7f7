import { hashToken, userActor } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { revokeEnrollmentToken } from "@edgeseg/registry";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice } from "../testing/seed.ts";
import { createTokenFromForm, listEnrollmentTokens } from "./tokens.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const admin = userActor({ id: "u-admin", email: "admin@example.org" });
const t0 = new Date("2026-11-26T08:00:00Z");
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.dispose());

describe("enrolment tokens", () => {
  it("stores only the sha256, with expiry and the approval flag, and lists each token's state", async () => {
    const a = await createTokenFromForm(
      db,
      { expiresInHours: 24, requiresApproval: true, createdById: null },
      admin,
      t0,
    );
    const b = await createTokenFromForm(
      db,
      { expiresInHours: 1, requiresApproval: false, createdById: null },
      admin,
      t0,
    );
    const c = await createTokenFromForm(
      db,
      { expiresInHours: 48, requiresApproval: false, createdById: null },
      admin,
      t0,
    );
    expect(a.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(a.expiresAt.toISOString()).toBe("2026-11-27T08:00:00.000Z");
    const row = await db.prisma.enrollmentToken.findUniqueOrThrow({ where: { id: a.id } });
    expect(row).toMatchObject({ tokenHash: hashToken(a.token), requiresApproval: true, usedAt: null });

    await seedDevice(db.prisma, "pi-1");
    await db.prisma.enrollmentToken.update({
      where: { id: c.id },
      data: { usedAt: t0, usedByDeviceId: "pi-1" },
    });
    const twoHoursLater = new Date(t0.getTime() + 2 * 3_600_000);
    const states = Object.fromEntries(
      (await listEnrollmentTokens(db.prisma, twoHoursLater)).map((t) => [t.id, [t.state, t.usedBy?.id]]),
    );
    expect(states).toEqual({
      [a.id]: ["unused", undefined],
      [b.id]: ["expired", undefined],
      [c.id]: ["used", "pi-1"],
    });

    const entries = await db.prisma.auditEntry.findMany({ where: { action: "token.create" } });
    expect(entries.map((e) => e.targetId).sort()).toEqual([a.id, b.id, c.id].sort());
    const first = entries.find((e) => e.targetId === a.id);
    expect(JSON.parse(first?.after ?? "null")).toEqual({
      expiresAt: "2026-11-27T08:00:00.000Z",
      requiresApproval: true,
    });
    const text = JSON.stringify(entries);
    for (const t of [a, b, c]) {
      expect(text).not.toContain(t.token);
      expect(text).not.toContain(hashToken(t.token));
    }
  });

  it("refuses a lifetime outside 1 h … 30 days", async () => {
    for (const expiresInHours of [0, 721, 1.5]) {
      await expect(
        createTokenFromForm(db, { expiresInHours, requiresApproval: false, createdById: null }, admin),
      ).rejects.toThrow();
    }
  });

  it("revokes an unused token by expiring it, audited, and refuses to revoke it twice", async () => {
    const t = await createTokenFromForm(
      db,
      { expiresInHours: 5, requiresApproval: false, createdById: null },
      admin,
      t0,
    );
    const at = new Date(t0.getTime() + 60_000);
    await revokeEnrollmentToken(db, t.id, { actor: admin, now: at });
    expect((await db.prisma.enrollmentToken.findUniqueOrThrow({ where: { id: t.id } })).expiresAt).toEqual(
      at,
    );
    await expect(revokeEnrollmentToken(db, t.id, { actor: admin, now: at })).rejects.toMatchObject({
      code: "INTEGRITY",
    });
    const revokes = await db.prisma.auditEntry.findMany({ where: { action: "token.revoke" } });
    expect(revokes.map((e) => [e.targetId, e.actorLabel, e.before, e.after])).toEqual([
      [
        t.id,
        "admin@example.org",
        JSON.stringify({ expiresAt: "2026-11-26T13:00:00.000Z" }),
        JSON.stringify({ expiresAt: at.toISOString() }),
      ],
    ]);
  });
});
