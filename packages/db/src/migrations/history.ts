import { randomUUID } from "node:crypto";
import { AppError } from "@edgeseg/protocol";
import type Database from "better-sqlite3";
import type { LocalMigration } from "./read.ts";

/**
 * Prisma's own migrations table, byte for byte as its SQLite connector creates it
 * (sql-schema-connector flavour/sqlite.rs), so `prisma migrate status` on a machine with the native
 * engine sees this database as migrated.
 */
export const PRISMA_MIGRATIONS_DDL = `CREATE TABLE "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
);
`;

export interface HistoryRow {
  id: string;
  checksum: string;
  finished_at: number | string | null;
  migration_name: string;
  logs: string | null;
  rolled_back_at: number | string | null;
  started_at: number | string;
  applied_steps_count: number;
}

/** Creates the table on an empty database; refuses a non-empty one that Prisma never migrated (P3005). */
export function ensureHistoryTable(db: Database.Database, path: string): void {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .pluck()
    .all() as string[];
  if (tables.includes("_prisma_migrations")) return;
  if (tables.length > 0) {
    throw new AppError(
      "INTEGRITY",
      `database ${path} has tables (${tables.slice(0, 5).join(", ")}) but no migration history: it was not created by edgeseg; use an empty file`,
    );
  }
  db.exec(PRISMA_MIGRATIONS_DDL);
}

export function loadHistory(db: Database.Database): HistoryRow[] {
  return db.prepare('SELECT * FROM "_prisma_migrations" ORDER BY "started_at" ASC').all() as HistoryRow[];
}

/**
 * Records a migration the way Prisma's schema engine does once it succeeded: one step applied,
 * no logs, and times as Unix milliseconds (quaint stores SQLite DATETIME values that way).
 */
export function recordApplied(db: Database.Database, migration: LocalMigration, startedAt: number): void {
  db.prepare(
    `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
     VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)`,
  ).run(randomUUID(), migration.checksum, Date.now(), migration.name, startedAt);
}
