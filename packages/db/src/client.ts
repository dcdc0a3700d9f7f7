import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaClient } from "./generated/prisma/client.ts";
import { sqlitePathFromUrl } from "./url.ts";

export interface DbOptions {
  /** `file:` URL of the SQLite database; see sqlitePathFromUrl for relative paths. */
  url: string;
  /** Directory a relative `file:` URL resolves against (e.g. the hub's data directory). */
  baseDir?: string;
  /** How long a write waits for another process's write lock before failing (SQLite busy_timeout). */
  busyTimeoutMs?: number;
}

export interface Db {
  prisma: PrismaClient;
  /** Absolute path of the database file. */
  path: string;
  close(): Promise<void>;
}

/**
 * Opens the database. No module-level client: each hub, dashboard or test owns its own and closes it.
 * WAL lets the dashboard read while the hub writes; busy_timeout makes a writer wait for the other
 * process's write lock instead of failing at once. synchronous stays at SQLite's default (FULL): the
 * hub acknowledges a result to the agent only after the commit, so a commit must survive power loss.
 */
export async function createDb(options: DbOptions): Promise<Db> {
  const path = sqlitePathFromUrl(options.url, options.baseDir);
  mkdirSync(dirname(path), { recursive: true });
  const adapter = new PrismaBetterSqlite3({ url: `file:${path}`, timeout: options.busyTimeoutMs ?? 5000 });
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
  return { prisma, path, close: () => prisma.$disconnect() };
}
