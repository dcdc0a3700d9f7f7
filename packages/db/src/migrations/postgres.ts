import { randomUUID } from "node:crypto";
import { AppError, isAppError } from "@edgeseg/protocol";
import pg from "pg";
import { redactUrl } from "../url.ts";
import type { HistoryRow } from "./history.ts";
import { pendingMigrations } from "./pending.ts";
import type { LocalMigration } from "./read.ts";

/**
 * Prisma's migrations table as its PostgreSQL connector creates it (sql-schema-connector
 * flavour/postgres.rs), so `prisma migrate status` with the native engine sees the database as migrated.
 */
const PRISMA_MIGRATIONS_DDL = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
);`;

/** The advisory lock `prisma migrate` takes (72707369), so our runner and Prisma's exclude each other. */
const MIGRATE_LOCK = 72707369;

/**
 * Applies pending PostgreSQL migrations. The database is created when it does not exist (as
 * `prisma migrate deploy` does). One session holds Prisma's advisory lock for the whole run, so hubs
 * starting at once apply each migration exactly once; each migration and its `_prisma_migrations` row
 * commit in one transaction (PostgreSQL's DDL is transactional), so a failed one leaves nothing behind.
 */
export async function migratePostgres(
  url: string,
  database: string,
  local: LocalMigration[],
): Promise<string[]> {
  const where = redactUrl(url);
  const client = await connectCreating(url, database);
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATE_LOCK]);
    await ensureHistoryTable(client, where);
    const history = (
      await client.query<HistoryRow>('SELECT * FROM "_prisma_migrations" ORDER BY "started_at"')
    ).rows;
    const applied: string[] = [];
    for (const next of pendingMigrations(local, history, where)) {
      const startedAt = new Date();
      await client.query("BEGIN");
      try {
        await client.query(next.script);
        await client.query(
          `INSERT INTO "_prisma_migrations" ("id", "checksum", "finished_at", "migration_name", "logs", "rolled_back_at", "started_at", "applied_steps_count")
           VALUES ($1, $2, now(), $3, NULL, NULL, $4, 1)`,
          [randomUUID(), next.checksum, next.name, startedAt],
        );
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => {});
        throw new AppError(
          "RUNTIME",
          `migration ${next.name} failed on ${where}: ${(error as Error).message}; it was rolled back, fix it and rerun`,
          { cause: error },
        );
      }
      applied.push(next.name);
    }
    return applied;
  } catch (error) {
    if (isAppError(error)) throw error;
    throw new AppError("RUNTIME", `cannot migrate ${where}: ${(error as Error).message}`, { cause: error });
  } finally {
    // Ending the session releases the advisory lock.
    await client.end().catch(() => {});
  }
}

/** Connects to the database, creating it first when the server says it does not exist (3D000). */
async function connectCreating(url: string, database: string): Promise<pg.Client> {
  const first = new pg.Client({ connectionString: url });
  try {
    await first.connect();
    return first;
  } catch (error) {
    await first.end().catch(() => {});
    if ((error as { code?: string }).code !== "3D000") throw unreachable(url, error);
  }
  const maintenance = new URL(url);
  maintenance.pathname = "/postgres";
  const admin = new pg.Client({ connectionString: maintenance.href });
  try {
    await admin.connect();
    // Byte-order collation ("C"), as SQLite compares text: the queries' orderings and the loose index
    // scans' "next model id" are then the same on both (a language collation would sort differently).
    await admin.query(
      `CREATE DATABASE "${database.replaceAll('"', '""')}" TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'`,
    );
  } catch (error) {
    // Another process created it meanwhile: 42P04, or 23505 on pg_database's name index when both
    // CREATE DATABASE statements ran at once.
    if (!["42P04", "23505"].includes((error as { code?: string }).code ?? "")) {
      throw new AppError(
        "RUNTIME",
        `database "${database}" does not exist on ${redactUrl(url)} and cannot be created: ${(error as Error).message}; create it (createdb ${database}) or grant CREATEDB`,
        { cause: error },
      );
    }
  } finally {
    await admin.end().catch(() => {});
  }
  const client = new pg.Client({ connectionString: url });
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => {});
    throw unreachable(url, error);
  }
  return client;
}

function unreachable(url: string, error: unknown): AppError {
  return new AppError(
    "RUNTIME",
    `cannot connect to PostgreSQL at ${redactUrl(url)}: ${(error as Error).message}; check the host, port and credentials`,
    { cause: error },
  );
}

/** Creates the history table on an empty schema; refuses a non-empty one that Prisma never migrated (P3005). */
async function ensureHistoryTable(client: pg.Client, where: string): Promise<void> {
  const tables = (
    await client.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name",
    )
  ).rows.map((r) => r.name);
  if (tables.includes("_prisma_migrations")) return;
  if (tables.length > 0) {
    throw new AppError(
      "INTEGRITY",
      `database ${where} has tables (${tables.slice(0, 5).join(", ")}) but no migration history: it was not created by edgeseg; use an empty database`,
    );
  }
  await client.query(PRISMA_MIGRATIONS_DDL);
}
