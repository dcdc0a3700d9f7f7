import { join } from "node:path";
import { createDb, type Db, migrate } from "@edgeseg/db";
import { freshDatabaseName, testDatabaseKind, testPostgresUrl } from "./postgres.ts";

/** PostgreSQL databases by hub data directory (EDGESEG_TEST_DATABASE=postgres). */
const postgres = new Map<string, string>();

/**
 * The database URL to give a hub and its admin commands (EDGESEG_DATABASE_URL) for this data
 * directory: with EDGESEG_TEST_DATABASE=postgres a database of its own on the test PostgreSQL server,
 * the same for every hub and command of that data directory (the first to migrate creates it);
 * otherwise undefined: the hub's own `<dataDir>/edgeseg.db`.
 */
export function hubDatabaseUrl(dataDir: string): string | undefined {
  if (testDatabaseKind() !== "postgres") return undefined;
  let url = postgres.get(dataDir);
  if (!url) {
    url = testPostgresUrl(freshDatabaseName());
    postgres.set(dataDir, url);
  }
  return url;
}

/** The environment for a hub process or admin command of this data directory. */
export function hubEnv(dataDir: string): NodeJS.ProcessEnv {
  const url = hubDatabaseUrl(dataDir);
  return url ? { ...process.env, EDGESEG_DATABASE_URL: url } : process.env;
}

/**
 * The hub's database, opened from the test as the dashboard would: its SQLite file (WAL: reads while
 * the hub writes), or with EDGESEG_TEST_DATABASE=postgres its PostgreSQL database (migrated here, so a
 * test may open it before the hub starts). Close it in the test's cleanup.
 */
export async function openHubDb(dataDir: string): Promise<Db> {
  const url = hubDatabaseUrl(dataDir);
  if (url === undefined) return createDb({ url: `file:${join(dataDir, "edgeseg.db")}` });
  await migrate(url);
  return createDb({ url });
}

/** Result rows stored for a job (by the Result.jobId link) and for a device (whether linked or not). */
export async function countResults(db: Db, where: { jobId?: string; deviceId?: string }): Promise<number> {
  return db.prisma.result.count({ where });
}
