import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type BetterSqlite3 from "better-sqlite3";
import { PrismaClient as PostgresPrismaClient } from "./generated/postgres/client.ts";
import { PrismaClient } from "./generated/prisma/client.ts";
import { parseDatabaseUrl, redactUrl } from "./url.ts";

export type DatabaseProvider = "sqlite" | "postgresql";

export interface DbOptions {
  /** `file:` URL of a SQLite database (see sqlitePathFromUrl), or `postgresql://user:pw@host/db`. */
  url: string;
  /** Directory a relative `file:` URL resolves against (e.g. the hub's data directory). */
  baseDir?: string;
  /** How long a write waits for another process's write lock before failing (SQLite busy_timeout). */
  busyTimeoutMs?: number;
  /** PostgreSQL: connections in this process's pool (default 10, node-postgres's default). */
  poolSize?: number;
}

export interface Db {
  /**
   * The client. Typed as the SQLite client: both are generated from the one schema, so their model
   * APIs are the same; on PostgreSQL this is the PostgreSQL client behind the same type.
   */
  prisma: PrismaClient;
  provider: DatabaseProvider;
  /** Absolute path of the SQLite file; for PostgreSQL the URL without its password (a key, not a file). */
  path: string;
  /**
   * SQLite: the better-sqlite3 connection the client runs every statement on. It is the client's only
   * connection, so a statement run on it inside `prisma.$transaction` belongs to that transaction;
   * storeResultBatch keeps statements prepared on it. Undefined on PostgreSQL.
   */
  sqliteConnection?: () => BetterSqlite3.Database | undefined;
  close(): Promise<void>;
}

/**
 * Opens the database. No module-level client: each hub, dashboard or test owns its own and closes it.
 * WAL lets the dashboard read while the hub writes; busy_timeout makes a writer wait for the other
 * process's write lock instead of failing at once. synchronous stays at SQLite's default (FULL): the
 * hub acknowledges a result to the agent only after the commit, so a commit must survive power loss.
 * PostgreSQL: a node-postgres pool through @prisma/adapter-pg, the PostgreSQL client generated from
 * the same schema (src/generated/postgres).
 */
export async function createDb(options: DbOptions): Promise<Db> {
  const target = parseDatabaseUrl(options.url, options.baseDir);
  if (target.provider === "postgresql") return openPostgres(target.url, options);
  const path = target.path;
  mkdirSync(dirname(path), { recursive: true });
  const adapter = new PrismaBetterSqlite3({ url: `file:${path}`, timeout: options.busyTimeoutMs ?? 5000 });
  // The adapter opens its one better-sqlite3 connection in connect(); keep a handle on it (the
  // adapter's `client`; checked, so a changed adapter leaves it undefined rather than wrong).
  let connection: BetterSqlite3.Database | undefined;
  const connect = adapter.connect.bind(adapter);
  adapter.connect = async () => {
    const opened = await connect();
    const client = (opened as unknown as { client?: BetterSqlite3.Database }).client;
    connection = typeof client?.prepare === "function" && client.name === path ? client : undefined;
    return opened;
  };
  const prisma = new PrismaClient({ adapter });
  try {
    const [mode] = await prisma.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode = WAL");
    if (mode?.journal_mode !== "wal") {
      throw new AppError(
        "RUNTIME",
        `SQLite at ${path} refused WAL mode (got ${mode?.journal_mode}): use a local disk`,
      );
    }
    // better-sqlite3 enables foreign keys by default; say so explicitly, cascades depend on it.
    await prisma.$queryRawUnsafe("PRAGMA foreign_keys = ON");
  } catch (error) {
    await prisma.$disconnect();
    throw error;
  }
  return {
    prisma,
    provider: "sqlite",
    path,
    sqliteConnection: () => (connection?.open ? connection : undefined),
    close: () => prisma.$disconnect(),
  };
}

async function openPostgres(url: string, options: DbOptions): Promise<Db> {
  const shown = redactUrl(url);
  const adapter = new PrismaPg({ connectionString: url, max: options.poolSize ?? 10 });
  const client = new PostgresPrismaClient({ adapter });
  try {
    await client.$queryRawUnsafe("SELECT 1");
  } catch (error) {
    await client.$disconnect();
    throw new AppError(
      "RUNTIME",
      `cannot connect to PostgreSQL at ${shown}: ${(error as Error).message}; check the host, port, credentials and that the database exists (the hub's start-up creates it)`,
      { cause: error },
    );
  }
  // Same schema, same generator: the model API is identical; only the generated types' provider differs.
  const prisma = client as unknown as PrismaClient;
  return { prisma, provider: "postgresql", path: shown, close: () => client.$disconnect() };
}
