import { hashToken } from "@edgeseg/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice } from "../testing/seed.ts";
import { tempDb } from "../testing/temp-db.ts";
import { createEnrollmentToken, listEnrollmentTokens, revokeEnrollmentToken } from "./tokens.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const t0 = new Date("2026-11-26T08:00:00Z");
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.dispose());

describe("enrolment tokens", () => {
  it("stores only the sha256, with expiry and the approval flag, and lists each token's state", async () => {
    const a = await createEnrollmentToken(
      db.prisma,
      { expiresInHours: 24, requiresApproval: true, createdById: null },
      t0,
    );
    const b = await createEnrollmentToken(
      db.prisma,
      { expiresInHours: 1, requiresApproval: false, createdById: null },
      t0,
    );
    const c = await createEnrollmentToken(
      db.prisma,
      { expiresInHours: 48, requiresApproval: false, createdById: null },
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
  });

  it("refuses a lifetime outside 1 h … 30 days", async () => {
    for (const expiresInHours of [0, 721, 1.5]) {
      await expect(
        createEnrollmentToken(db.prisma, { expiresInHours, requiresApproval: false, createdById: null }),
      ).rejects.toThrow();
    }
  });

  it("revokes an unused token by expiring it, and refuses to revoke it twice", async () => {
    const t = await createEnrollmentToken(
      db.prisma,
      { expiresInHours: 5, requiresApproval: false, createdById: null },
      t0,
    );
    const at = new Date(t0.getTime() + 60_000);
    await revokeEnrollmentToken(db.prisma, t.id, at);
    expect((await db.prisma.enrollmentToken.findUniqueOrThrow({ where: { id: t.id } })).expiresAt).toEqual(
      at,
    );
    await expect(revokeEnrollmentToken(db.prisma, t.id, at)).rejects.toMatchObject({ code: "INTEGRITY" });
  });
});
