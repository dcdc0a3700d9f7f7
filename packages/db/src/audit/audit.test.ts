import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDevice, tempDb } from "../testing/temp-db.ts";
import { auditActors, cliActor, listAudit, REDACTED, recordAudit, userActor, withAudit } from "./index.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
const ada = userActor({ id: "u-ada", email: "ada@example.org" });
const cli = { userId: null, label: "cli:root" };

beforeAll(async () => {
  db = await tempDb();
  await seedDevice(db, "dev-1");
});
afterAll(() => db.dispose());

describe("audit writer", () => {
  it("stores the change and its entry together, with actor, action, target and JSON values", async () => {
    await withAudit(db.prisma, ada, async (tx, audit) => {
      await tx.device.update({ where: { id: "dev-1" }, data: { status: "disabled" } });
      audit({
        action: "device.disable",
        targetId: "dev-1",
        before: { status: "active" },
        after: { status: "disabled" },
      });
    });
    const [entry] = await db.prisma.auditEntry.findMany();
    expect(entry).toMatchObject({
      actorUserId: "u-ada",
      actorLabel: "ada@example.org",
      action: "device.disable",
      targetType: "device",
      targetId: "dev-1",
      before: '{"status":"active"}',
      after: '{"status":"disabled"}',
    });
  });

  it("writes neither the change nor the entry when the write fails", async () => {
    const count = await db.prisma.auditEntry.count();
    await expect(
      withAudit(db.prisma, ada, async (tx, audit) => {
        await tx.device.update({ where: { id: "dev-1" }, data: { status: "active" } });
        audit({ action: "device.enable", targetId: "dev-1" });
        throw new Error("refused later in the same write");
      }),
    ).rejects.toThrow("refused later");
    expect(await db.prisma.auditEntry.count()).toBe(count);
    expect((await db.prisma.device.findUniqueOrThrow({ where: { id: "dev-1" } })).status).toBe("disabled");
  });

  it("records nothing for an automated write without an actor", async () => {
    const count = await db.prisma.auditEntry.count();
    await withAudit(db.prisma, undefined, async (tx, audit) => {
      await tx.device.update({ where: { id: "dev-1" }, data: { status: "active" } });
      audit({ action: "device.enable", targetId: "dev-1" });
    });
    expect(await db.prisma.auditEntry.count()).toBe(count);
  });

  it("redacts any field named like a secret, at any depth, and never stores its value", async () => {
    await withAudit(db.prisma, cli, async (_tx, audit) =>
      audit({
        action: "user.password",
        targetId: "u-1",
        after: { passwordHash: "scrypt$hash", nested: [{ deviceSecret: "s3cr3t", token: "t0k3n", n: 1 }] },
      }),
    );
    const row = await db.prisma.auditEntry.findFirstOrThrow({ where: { action: "user.password" } });
    expect(JSON.parse(row.after ?? "null")).toEqual({
      passwordHash: REDACTED,
      nested: [{ deviceSecret: REDACTED, token: REDACTED, n: 1 }],
    });
    for (const secret of ["scrypt$hash", "s3cr3t", "t0k3n"]) expect(row.after).not.toContain(secret);
  });

  it("names a command-line operator cli:<os user>", () => {
    expect(cliActor()).toEqual({ userId: null, label: expect.stringMatching(/^cli:\S+$/) });
  });
});

describe("listAudit", () => {
  const t = (minute: number) => new Date(Date.UTC(2026, 11, 1, 9, minute));
  beforeAll(async () => {
    await db.prisma.auditEntry.deleteMany();
    const bob = userActor({ id: "u-bob", email: "bob@example.org" });
    await db.prisma.$transaction(async (tx) => {
      for (let i = 0; i < 30; i++) {
        const actor = i % 3 === 0 ? bob : ada;
        const event =
          i % 2 === 0
            ? { action: "token.create" as const, targetId: `tok-${i}`, after: { requiresApproval: false } }
            : { action: "device.approve" as const, targetId: i < 10 ? "dev-1" : "dev-2" };
        await recordAudit(tx, actor, event, t(i));
      }
    });
  });

  it("pages newest first with a total, and clamps the page into range", async () => {
    const first = await listAudit(db.prisma, {}, 1, 12);
    expect(first).toMatchObject({ total: 30, page: 1, pageSize: 12, pages: 3 });
    expect(first.entries.map((e) => e.at)).toEqual(Array.from({ length: 12 }, (_, k) => t(29 - k)));
    const last = await listAudit(db.prisma, {}, 99, 12);
    expect(last.page).toBe(3);
    expect(last.entries.map((e) => e.targetId)).toEqual([
      "dev-1",
      "tok-4",
      "dev-1",
      "tok-2",
      "dev-1",
      "tok-0",
    ]);
  });

  it("filters by actor, action, target and a half-open date range, and parses the values", async () => {
    const bob = await listAudit(db.prisma, { actor: "bob@example.org" });
    expect(bob.total).toBe(10);
    expect(bob.entries.every((e) => e.actorUserId === "u-bob")).toBe(true);
    const approvals = await listAudit(db.prisma, {
      action: "device.approve",
      targetType: "device",
      targetId: "dev-1",
    });
    expect(approvals.entries.map((e) => e.at)).toEqual([t(9), t(7), t(5), t(3), t(1)]);
    const window = await listAudit(db.prisma, { from: t(10), to: t(14), action: "token.create" });
    expect(window.entries.map((e) => [e.targetId, e.after])).toEqual([
      ["tok-12", { requiresApproval: false }],
      ["tok-10", { requiresApproval: false }],
    ]);
    expect(await auditActors(db.prisma)).toEqual(["ada@example.org", "bob@example.org"]);
  });
});
