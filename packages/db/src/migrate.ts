import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError, isAppError } from "@edgeseg/protocol";
import Database from "better-sqlite3";
import { createDb, type Db } from "./client.ts";
import { ensureHistoryTable, loadHistory, recordApplied } from "./migrations/history.ts";
import { pendingMigrations } from "./migrations/pending.ts";
import { migratePostgres } from "./migrations/postgres.ts";
import { readMigrations } from "./migrations/read.ts";
import { rebuildDeviceModelStats } from "./queries/device-model-stats.ts";
import { parseDatabaseUrl } from "./url.ts";

/**
 * packages/db/prisma/migrations, next to schema.prisma. Computed from this file's path
 * rather than with `new URL(relative, import.meta.url)`, which bundlers (Next's Turbopack, for the
 * dashboard) take for an asset to bundle and fail on because it is a directory.
 */
export const defaultMigrationsDir = resolve(dirname(fileURLToPath(import.meta.url)), "../prisma/migrations");

/**
 * prisma/postgres/migrations: the same schema's migrations for PostgreSQL, kept in step with the SQLite
 * ones by src/dev/postgres-migrations.test.ts.
 */
export const defaultPostgresMigrationsDir = resolve(
  dirname(fileURLToPath(import.meta.url)),
  "../prisma/postgres/migrations",
);

export interface MigrateOptions {
  /** Directory a relative `file:` URL resolves against. */
  baseDir?: string;
  /** The migrations to apply; by default the URL's provider's folder. */
  migrationsDir?: string;
}

export interface MigrateReport {
  /** Migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

/**
 * Applies pending migrations in name order, each in its own transaction together with its
 * `_prisma_migrations` row, so a failed migration leaves nothing behind. Each transaction starts
 * with the write lock (BEGIN IMMEDIATE) and re-reads the history, so two hubs starting at once apply
 * every migration exactly once. Idempotent: a second call applies nothing. A `postgresql://` URL
 * applies prisma/postgres/migrations instead (src/migrations/postgres.ts).
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrateReport> {
  const target = parseDatabaseUrl(databaseUrl, options.baseDir);
  if (target.provider === "postgresql") {
    const local = readMigrations(options.migrationsDir ?? defaultPostgresMigrationsDir, "postgresql");
    const applied = await migratePostgres(target.url, target.database, local);
    await runDataSteps(databaseUrl, options, applied);
    return { applied };
  }
  const path = target.path;
  const local = readMigrations(options.migrationsDir ?? defaultMigrationsDir, "sqlite");
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path, { timeout: 5000 });
  try {
    // SQLite's procedure for rebuilding a table (lang_altertable.html, "other kinds of table schema
    // changes"): foreign keys off outside the transaction, so DROP TABLE of a rebuilt table cannot
    // cascade into its children, and foreign_key_check before the commit instead.
    db.pragma("foreign_keys = OFF");
    const applyNext = db.transaction((): string | null => {
      ensureHistoryTable(db, path);
      const [next] = pendingMigrations(local, loadHistory(db), path);
      if (!next) return null;
      const startedAt = Date.now();
      try {
        db.exec(next.script);
      } catch (error) {
        throw new AppError(
          "RUNTIME",
          `migration ${next.name} failed on ${path}: ${(error as Error).message}; it was rolled back, fix it and rerun`,
          { cause: error },
        );
      }
      const violations = db.pragma("foreign_key_check") as unknown[];
      if (violations.length > 0) {
        throw new AppError(
          "INTEGRITY",
          `migration ${next.name} left ${violations.length} rows violating foreign keys on ${path}: it was rolled back`,
        );
      }
      recordApplied(db, next, startedAt);
      return next.name;
    });
    const applied: string[] = [];
    for (let name = applyNext.immediate(); name !== null; name = applyNext.immediate()) applied.push(name);
    db.close();
    await runDataSteps(databaseUrl, options, applied);
    return { applied };
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("RUNTIME", `cannot migrate ${path}: ${(error as Error).message}`, { cause: error });
  } finally {
    if (db.open) db.close();
  }
}

/**
 * Data a migration's SQL cannot compute, filled right after it is applied: the per-device fleet
 * figures are medians that @edgeseg/scoring defines. (A process killed between the migration and its
 * data step leaves the figures empty until `rebuildDeviceModelStats` runs; nothing else is lost.)
 */
const DATA_STEPS: Record<string, (db: Db) => Promise<unknown>> = {
  "20261203080000_fleet_statistics": rebuildDeviceModelStats,
  "20261203095000_fleet_egress": rebuildDeviceModelStats,
  "20261203124500_fine_tuning_figures": rebuildDeviceModelStats,
};

async function runDataSteps(databaseUrl: string, options: MigrateOptions, applied: string[]): Promise<void> {
  const steps = [...new Set(applied.flatMap((name) => DATA_STEPS[name] ?? []))];
  if (steps.length === 0) return;
  const db = await createDb({ url: databaseUrl, ...(options.baseDir ? { baseDir: options.baseDir } : {}) });
  try {
    for (const step of steps) await step(db);
  } finally {
    await db.close();
  }
}
