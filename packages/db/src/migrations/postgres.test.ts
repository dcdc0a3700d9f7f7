import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { defaultPostgresMigrationsDir, migrate } from "../migrate.ts";
import { freshPostgresDatabase } from "../testing/postgres.ts";

// The PostgreSQL branch of migrate() against a real PostgreSQL 15 server (started by the test).
let dir: string;
let migrationsDir: string;
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;
const SHIPPED = readdirSync(defaultPostgresMigrationsDir)
  .filter((n) => /^\d{14}_/.test(n))
  .sort();
const [BASELINE] = SHIPPED;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "edgeseg-pg-migrate-"));
  migrationsDir = join(dir, "migrations");
  cpSync(defaultPostgresMigrationsDir, migrationsDir, { recursive: true });
  database = await freshPostgresDatabase();
});
afterEach(async () => {
  await database.drop();
  rmSync(dir, { recursive: true, force: true });
});

async function query<T extends pg.QueryResultRow>(sql: string, url = database.url): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

function addMigration(name: string, sql: string): void {
  mkdirSync(join(migrationsDir, name));
  writeFileSync(join(migrationsDir, name, "migration.sql"), sql);
}

describe("migrate (PostgreSQL)", () => {
  it("creates the missing database (byte-order collation), applies the migrations and records them as Prisma does", async () => {
    const before = Date.now();
    expect(await migrate(database.url, { migrationsDir })).toEqual({ applied: SHIPPED });
    const [info] = await query<{ collate: string; encoding: string }>(
      "SELECT datcollate AS collate, pg_encoding_to_char(encoding) AS encoding FROM pg_database WHERE datname = current_database()",
    );
    expect(info).toEqual({ collate: "C", encoding: "UTF8" });
    const rows = await query<Record<string, unknown>>(
      'SELECT * FROM "_prisma_migrations" ORDER BY migration_name',
    );
    expect(rows).toHaveLength(SHIPPED.length);
    const script = readFileSync(join(migrationsDir, BASELINE!, "migration.sql"));
    expect(rows[0]).toMatchObject({
      migration_name: BASELINE,
      checksum: createHash("sha256").update(script).digest("hex"),
      logs: null,
      rolled_back_at: null,
      applied_steps_count: 1,
    });
    expect((rows[0]!.finished_at as Date).getTime()).toBeGreaterThanOrEqual(before - 1000);
    const tables = await query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1",
    );
    expect(tables.map((t) => t.name)).toContain("Result");
    expect(await migrate(database.url, { migrationsDir })).toEqual({ applied: [] });
  });

  it("applies each migration once when several hubs start together (Prisma's advisory lock)", async () => {
    addMigration("29990101000000_more", 'CREATE TABLE "Extra" ("id" TEXT PRIMARY KEY);');
    const reports = await Promise.all([1, 2, 3].map(() => migrate(database.url, { migrationsDir })));
    expect(reports.flatMap((r) => r.applied).sort()).toEqual([...SHIPPED, "29990101000000_more"]);
    expect(await query('SELECT * FROM "_prisma_migrations"')).toHaveLength(SHIPPED.length + 1);
  });

  it("rolls a failed migration back entirely and says which one failed", async () => {
    await migrate(database.url, { migrationsDir });
    addMigration(
      "29990101000000_broken",
      'CREATE TABLE "Half" ("id" TEXT PRIMARY KEY);\nALTER TABLE "NoSuchTable" ADD COLUMN "x" TEXT;',
    );
    await expect(migrate(database.url, { migrationsDir })).rejects.toThrow(
      /migration 29990101000000_broken failed on postgresql:\/\/edgeseg:\*\*\*@127\.0\.0\.1:\d+\/edgeseg_test_\w+: relation "NoSuchTable" does not exist; it was rolled back/,
    );
    const half = await query("SELECT 1 FROM information_schema.tables WHERE table_name = 'Half'");
    expect(half).toHaveLength(0);
    expect(await query('SELECT * FROM "_prisma_migrations"')).toHaveLength(SHIPPED.length);
  });

  it("refuses a database with tables but no migration history, and a migration edited after it was applied", async () => {
    await migrate(database.url, { migrationsDir });
    await query('DROP TABLE "_prisma_migrations"');
    await expect(migrate(database.url, { migrationsDir })).rejects.toThrow(
      /has tables \(.*\) but no migration history: it was not created by edgeseg; use an empty database/,
    );
    const other = await freshPostgresDatabase();
    try {
      await migrate(other.url, { migrationsDir });
      writeFileSync(join(migrationsDir, BASELINE!, "migration.sql"), "-- edited\n", { flag: "a" });
      await expect(migrate(other.url, { migrationsDir })).rejects.toThrow(
        new RegExp(`migration ${BASELINE} was changed after it was applied`),
      );
    } finally {
      await other.drop();
    }
  });

  it("names the server it cannot reach, without the password", async () => {
    await expect(migrate("postgresql://edgeseg:hunter2@127.0.0.1:1/edgeseg")).rejects.toThrow(
      /^cannot connect to PostgreSQL at postgresql:\/\/edgeseg:\*\*\*@127\.0\.0\.1:1\/edgeseg: .*ECONNREFUSED/,
    );
  });
});
