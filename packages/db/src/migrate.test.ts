import { createHash } from "node:crypto";
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultMigrationsDir, migrate } from "./migrate.ts";
import { PRISMA_MIGRATIONS_DDL } from "./migrations/history.ts";

const INIT = "20261126162543_init";

let dir: string;
let url: string;
let migrationsDir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-migrate-"));
  url = `file:${join(dir, "edgeseg.db")}`;
  // A private copy, so tests can add and edit migrations. Only the init migration (and the lock
  // file): these tests are about the runner, and must not change when the schema gains migrations.
  migrationsDir = join(dir, "migrations");
  cpSync(defaultMigrationsDir, migrationsDir, {
    recursive: true,
    filter: (src) => !/[/\\]\d{14}_[^/\\]*$/.test(src) || src.endsWith(INIT),
  });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function open(): Database.Database {
  return new Database(join(dir, "edgeseg.db"), { readonly: true });
}

describe("migrate", () => {
  it("creates every table of the schema on a fresh database and records the migration as Prisma does", async () => {
    const before = Date.now();
    expect(await migrate(url, { migrationsDir })).toEqual({ applied: [INIT] });
    const db = open();
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
      .pluck()
      .all();
    expect(tables).toEqual([
      "Artifact",
      "Campaign",
      "Device",
      "DeviceClass",
      "DeviceTag",
      "EnrollmentToken",
      "Job",
      "Model",
      "Result",
      "ResultOrgan",
      "Session",
      "Suite",
      "Telemetry",
      "User",
      "_prisma_migrations",
    ]);
    const ddl = db.prepare("SELECT sql FROM sqlite_master WHERE name = '_prisma_migrations'").pluck().get();
    expect(`${ddl};\n`).toBe(PRISMA_MIGRATIONS_DDL);
    const rows = db.prepare('SELECT * FROM "_prisma_migrations"').all() as Record<string, unknown>[];
    db.close();
    expect(rows).toHaveLength(1);
    const row = rows[0]!;
    const script = readFileSync(join(migrationsDir, INIT, "migration.sql"));
    expect(row).toMatchObject({
      checksum: createHash("sha256").update(script).digest("hex"),
      migration_name: INIT,
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect(row.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // Unix milliseconds, as Prisma's engine writes SQLite DATETIME values.
    expect(row.started_at).toBeGreaterThanOrEqual(before);
    expect(row.finished_at).toBeGreaterThanOrEqual(row.started_at as number);
    expect(row.finished_at).toBeLessThanOrEqual(Date.now());
  });

  it("is a no-op when rerun", async () => {
    await migrate(url, { migrationsDir });
    const db = open();
    const first = db.prepare('SELECT * FROM "_prisma_migrations"').all();
    db.close();
    expect(await migrate(url, { migrationsDir })).toEqual({ applied: [] });
    const again = open();
    expect(again.prepare('SELECT * FROM "_prisma_migrations"').all()).toEqual(first);
    again.close();
  });

  it("applies only the new migration when one is added, in name order", async () => {
    await migrate(url, { migrationsDir });
    for (const [name, sql] of [
      ["20261201000000_b", 'ALTER TABLE "User" ADD COLUMN "b" TEXT;'],
      ["20261130000000_a", 'ALTER TABLE "User" ADD COLUMN "a" TEXT;'],
    ] as const) {
      cpSync(join(migrationsDir, INIT), join(migrationsDir, name), { recursive: true });
      writeFileSync(join(migrationsDir, name, "migration.sql"), sql);
    }
    expect(await migrate(url, { migrationsDir })).toEqual({
      applied: ["20261130000000_a", "20261201000000_b"],
    });
    const db = open();
    const columns = db.prepare("SELECT name FROM pragma_table_info('User')").pluck().all();
    db.close();
    expect(columns.slice(-2)).toEqual(["a", "b"]);
  });

  it("refuses a migration whose migration.sql changed after it was applied", async () => {
    await migrate(url, { migrationsDir });
    const file = join(migrationsDir, INIT, "migration.sql");
    writeFileSync(file, `${readFileSync(file, "utf8")}\n-- edited\n`);
    await expect(migrate(url, { migrationsDir })).rejects.toMatchObject({
      code: "INTEGRITY",
      message: expect.stringContaining(`migration ${INIT} was changed after it was applied`),
    });
  });

  it("accepts the same migration.sql with CRLF line endings, as Prisma does", async () => {
    await migrate(url, { migrationsDir });
    const file = join(migrationsDir, INIT, "migration.sql");
    writeFileSync(file, readFileSync(file, "utf8").replaceAll("\n", "\r\n"));
    expect(await migrate(url, { migrationsDir })).toEqual({ applied: [] });
  });

  it("rolls back a failing migration completely and records nothing", async () => {
    await migrate(url, { migrationsDir });
    const name = "20261201000000_broken";
    cpSync(join(migrationsDir, INIT), join(migrationsDir, name), { recursive: true });
    writeFileSync(join(migrationsDir, name, "migration.sql"), 'CREATE TABLE "Half" ("id" TEXT);\nNOT SQL;');
    await expect(migrate(url, { migrationsDir })).rejects.toMatchObject({
      code: "RUNTIME",
      message: expect.stringContaining(`migration ${name} failed`),
    });
    const db = open();
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'Half'").get()).toBeUndefined();
    expect(db.prepare('SELECT COUNT(*) FROM "_prisma_migrations"').pluck().get()).toBe(1);
    db.close();
  });

  it("refuses a migration Prisma recorded as failed and never resolved", async () => {
    await migrate(url, { migrationsDir });
    const db = new Database(join(dir, "edgeseg.db"));
    db.prepare('UPDATE "_prisma_migrations" SET "finished_at" = NULL, "logs" = \'boom\'').run();
    db.close();
    await expect(migrate(url, { migrationsDir })).rejects.toThrow(/failed earlier .*logs: boom/);
  });

  it("refuses a database that has tables but no migration history", async () => {
    const db = new Database(join(dir, "edgeseg.db"));
    db.exec("CREATE TABLE stranger (x INTEGER)");
    db.close();
    await expect(migrate(url, { migrationsDir })).rejects.toThrow(
      /has tables \(stranger\) but no migration history/,
    );
  });

  it("refuses migrations locked to another provider", async () => {
    writeFileSync(join(migrationsDir, "migration_lock.toml"), 'provider = "postgresql"\n');
    await expect(migrate(url, { migrationsDir })).rejects.toThrow(/for provider "postgresql", not "sqlite"/);
  });
});
