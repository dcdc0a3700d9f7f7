import type { Role } from "@edgeseg/db";
import { tempDb } from "@edgeseg/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { authorize, authorizeToken } from "./authorize.ts";
import { createSession } from "./sessions.ts";

let db: Awaited<ReturnType<typeof tempDb>>;
beforeAll(async () => {
  db = await tempDb();
});
afterAll(() => db.dispose());

const user = (role: Role) => ({ id: "u", email: `${role}@example.org`, role });

describe("authorize", () => {
  it("lets each role do what the roles below it may, and refuses lower roles with 403", () => {
    const allowed: [Role, Role[]][] = [
      ["viewer", ["viewer"]],
      ["researcher", ["viewer", "researcher"]],
      ["admin", ["viewer", "researcher", "admin"]],
    ];
    for (const [actual, ok] of allowed) {
      for (const required of ["viewer", "researcher", "admin"] as Role[]) {
        if (ok.includes(required)) {
          expect(authorize(user(actual), required).role).toBe(actual);
        } else {
          expect(() => authorize(user(actual), required)).toThrow(
            expect.objectContaining({ code: "FORBIDDEN", httpStatus: 403 }),
          );
        }
      }
    }
  });

  it("refuses a request without a session with 401", () => {
    expect(() => authorize(null, "viewer")).toThrow(
      expect.objectContaining({ code: "UNAUTHORIZED", httpStatus: 401 }),
    );
  });

  it("reads the role from the database on every call: a demotion takes effect at once", async () => {
    const row = await db.prisma.user.create({
      data: { email: "r@example.org", passwordHash: "unused", role: "admin" },
    });
    const { token } = await createSession(db.prisma, row.id, 3_600_000);
    expect((await authorizeToken(db.prisma, token, "admin")).role).toBe("admin");
    await db.prisma.user.update({ where: { id: row.id }, data: { role: "viewer" } });
    await expect(authorizeToken(db.prisma, token, "researcher")).rejects.toMatchObject({
      code: "FORBIDDEN",
      message: expect.stringContaining("r@example.org is a viewer"),
    });
    expect((await authorizeToken(db.prisma, token, "viewer")).role).toBe("viewer");
    await expect(authorizeToken(db.prisma, "forged", "viewer")).rejects.toMatchObject({
      code: "UNAUTHORIZED",
    });
  });
});
