import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
import { migrate } from "./migrate.ts";
import { sqlitePathFromUrl } from "./url.ts";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-client-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe("sqlitePathFromUrl", () => {
  it("keeps absolute paths and resolves relative ones against the base directory only", () => {
    expect(sqlitePathFromUrl("file:/var/lib/edgeseg/e.db")).toBe("/var/lib/edgeseg/e.db");
    expect(sqlitePathFromUrl("file:///var/lib/edgeseg/e.db")).toBe("/var/lib/edgeseg/e.db");
    expect(sqlitePathFromUrl("file:./data/e.db", "/srv/hub")).toBe("/srv/hub/data/e.db");
    expect(sqlitePathFromUrl("file:e.db", "/srv/hub")).toBe("/srv/hub/e.db");
    expect(() => sqlitePathFromUrl("file:./e.db")).toThrow(/is relative/);
  });

  it("refuses URLs it cannot honour, naming them, without leaking a password", () => {
    expect(() => sqlitePathFromUrl("e.db")).toThrow(/not a file: URL/);
    expect(() => sqlitePathFromUrl("file:/x.db?mode=ro")).toThrow(/query parameters/);
    expect(() => sqlitePathFromUrl("postgresql://hub:hunter2@db/edgeseg")).toThrow(/hub:\*\*\*@db/);
  });
});

describe("createDb", () => {
  it("opens a relative URL under its base directory in WAL mode with a busy timeout", async () => {
    await migrate("file:./nested/e.db", { baseDir: dir });
    const db = await createDb({ url: "file:./nested/e.db", baseDir: dir, busyTimeoutMs: 1234 });
    try {
      expect(db.path).toBe(join(dir, "nested", "e.db"));
      const pragma = async (name: string) =>
        Object.values((await db.prisma.$queryRawUnsafe<Record<string, unknown>[]>(`PRAGMA ${name}`))[0]!)[0];
      expect(await pragma("journal_mode")).toBe("wal");
      expect(Number(await pragma("busy_timeout"))).toBe(1234);
      expect(Number(await pragma("foreign_keys"))).toBe(1);
      expect(await db.prisma.device.count()).toBe(0);
    } finally {
      await db.close();
    }
  });

  it("gives every caller its own client: closing one leaves the other working", async () => {
    const url = `file:${join(dir, "e.db")}`;
    await migrate(url);
    const a = await createDb({ url });
    const b = await createDb({ url });
    await a.prisma.user.create({ data: { email: "a@example.org", passwordHash: "x" } });
    await a.close();
    expect(await b.prisma.user.count()).toBe(1);
    await b.close();
  });
});
