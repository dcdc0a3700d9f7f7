import { hashToken } from "@edgeseg/db";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type TestEnv, testEnv } from "../testing/index.ts";
import { createEnrollmentToken, MAX_TOKEN_LIFETIME_MS, revokeEnrollmentToken } from "./enrollment-tokens.ts";

let env: TestEnv;
beforeEach(async () => {
  env = await testEnv();
});
afterEach(() => env.dispose());

const cli = { userId: null, label: "cli:operator" };
const t0 = new Date("2026-12-01T10:00:00Z");

describe("enrolment tokens", () => {
  it("stores only the sha256 and audits the row id, expiry and approval flag", async () => {
    const created = await createEnrollmentToken(
      env.db,
      { expiresInMs: 30 * 60_000, requiresApproval: true },
      { actor: cli, now: t0 },
    );
    expect(created.expiresAt.toISOString()).toBe("2026-12-01T10:30:00.000Z");
    const row = await env.db.prisma.enrollmentToken.findUniqueOrThrow({ where: { id: created.id } });
    expect(row).toMatchObject({
      tokenHash: hashToken(created.token),
      requiresApproval: true,
      createdById: null,
    });
    const [entry, ...more] = await env.db.prisma.auditEntry.findMany();
    expect(more).toHaveLength(0);
    expect(entry).toMatchObject({ action: "token.create", targetId: created.id, actorLabel: "cli:operator" });
    expect(JSON.stringify(entry)).not.toContain(created.token);
  });

  it("refuses a lifetime of zero, a negative one or one past 365 days", async () => {
    for (const expiresInMs of [0, -1, MAX_TOKEN_LIFETIME_MS + 1, Number.NaN]) {
      await expect(
        createEnrollmentToken(env.db, { expiresInMs, requiresApproval: false }),
      ).rejects.toMatchObject({ code: "USAGE" });
    }
    expect(await env.db.prisma.enrollmentToken.count()).toBe(0);
  });

  it("revokes an unused token once by expiring it; a used, expired or unknown one is refused", async () => {
    const a = await createEnrollmentToken(
      env.db,
      { expiresInMs: 3_600_000, requiresApproval: false },
      { now: t0 },
    );
    const at = new Date(t0.getTime() + 60_000);
    expect(await revokeEnrollmentToken(env.db, a.id, { actor: cli, now: at })).toEqual({
      id: a.id,
      expiresAt: at,
    });
    for (const id of [a.id, "no-such-token"]) {
      await expect(revokeEnrollmentToken(env.db, id, { now: at })).rejects.toMatchObject({
        code: "INTEGRITY",
        message: `enrolment token ${id} is unknown, already used or already expired`,
      });
    }
    const revokes = await env.db.prisma.auditEntry.findMany({ where: { action: "token.revoke" } });
    expect(revokes.map((e) => [e.targetId, e.after])).toEqual([
      [a.id, JSON.stringify({ expiresAt: at.toISOString() })],
    ]);
  });
});
