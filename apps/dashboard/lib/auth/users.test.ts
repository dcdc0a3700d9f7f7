import { hashSecret } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authenticate, createUser } from "./users.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.dispose());

describe("users", () => {
  it("stores an scrypt hash, never the password, and authenticates with it", async () => {
    const user = await createUser(db.prisma, {
      email: "  Ada@Example.org ",
      password: "correct horse",
      role: "researcher",
    });
    expect(user).toEqual({ id: expect.any(String), email: "ada@example.org", role: "researcher" });
    const row = await db.prisma.user.findUniqueOrThrow({ where: { id: user.id } });
    expect(row.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    expect(await authenticate(db.prisma, "ADA@example.org", "correct horse")).toEqual(user);
    expect(await authenticate(db.prisma, "ada@example.org", "correct horsE")).toBeNull();
    expect(await authenticate(db.prisma, "nobody@example.org", "correct horse")).toBeNull();
  });

  it("refuses a duplicate e-mail, a short password, a bad address and an unknown role", async () => {
    await createUser(db.prisma, { email: "dup@example.org", password: "password1", role: "viewer" });
    await expect(
      createUser(db.prisma, { email: "DUP@example.org", password: "password2", role: "admin" }),
    ).rejects.toMatchObject({ code: "INTEGRITY", message: expect.stringContaining("dup@example.org") });
    await expect(
      createUser(db.prisma, { email: "x@example.org", password: "short", role: "viewer" }),
    ).rejects.toMatchObject({ code: "INPUT", message: expect.stringContaining("password") });
    await expect(
      createUser(db.prisma, { email: "not-an-address", password: "password1", role: "viewer" }),
    ).rejects.toMatchObject({ code: "INPUT", message: expect.stringContaining("email") });
    await expect(
      createUser(db.prisma, { email: "y@example.org", password: "password1", role: "root" as "admin" }),
    ).rejects.toMatchObject({ code: "INPUT", message: expect.stringContaining("role") });
    expect(await db.prisma.user.count({ where: { email: { in: ["x@example.org", "y@example.org"] } } })).toBe(
      0,
    );
  });

  it("re-hashes an N = 2^14 password at N = 2^17 on the next successful log-in; the old hash verified", async () => {
    const old = await hashSecret("old-password", { N: 2 ** 14, r: 8, p: 1 });
    const row = await db.prisma.user.create({
      data: { email: "old@example.org", passwordHash: old, role: "viewer" },
    });
    expect(await authenticate(db.prisma, "old@example.org", "wrong-password")).toBeNull();
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: row.id } })).passwordHash).toBe(old);
    expect(await authenticate(db.prisma, "old@example.org", "old-password")).toMatchObject({ id: row.id });
    const upgraded = (await db.prisma.user.findUniqueOrThrow({ where: { id: row.id } })).passwordHash;
    expect(upgraded).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await authenticate(db.prisma, "old@example.org", "old-password")).toMatchObject({ id: row.id });
    expect((await db.prisma.user.findUniqueOrThrow({ where: { id: row.id } })).passwordHash).toBe(upgraded);
  });
});
