import { join } from "node:path";
import { createDb, type Db, migrate } from "@edgeseg/db";
import { freshPostgresDatabase, testDatabaseKind } from "./postgres.ts";

/** PostgreSQL databases by hub data directory (EDGESEG_TEST_DATABASE=postgres). */
const postgres = new Map<string, string>();

/**
 * The database URL to give a hub (EDGESEG_DATABASE_URL) for this data directory: with
 * EDGESEG_TEST_DATABASE=postgres a database of its own on the test PostgreSQL server (the same one
 * for every hub and command of that data directory); otherwise undefined: the hub's own
 * `<dataDir>/edgeseg.db`.
 */
export async function hubDatabaseUrl(dataDir: string): Promise<string | undefined> {
  if (testDatabaseKind() !== "postgres") return undefined;
  const known = postgres.get(dataDir);
  if (known) return known;
  const { url } = await freshPostgresDatabase();
  postgres.set(dataDir, url);
  return url;
}

/** The URL hubDatabaseUrl gave this data directory, for synchronous callers (hubCli). */
export function knownHubDatabaseUrl(dataDir: string): string | undefined {
  if (testDatabaseKind() !== "postgres") return undefined;
  const known = postgres.get(dataDir);
  if (!known) {
    throw new Error(
      `no PostgreSQL database for ${dataDir} yet: start its hub (or call hubDatabaseUrl) first`,
    );
  }
  return known;
}

/**
 * The hub's database, opened from the test as the dashboard would: its SQLite file (WAL: reads while
 * the hub writes), or with EDGESEG_TEST_DATABASE=postgres its PostgreSQL database (migrated here, so a
 * test may open it before the hub starts). Close it in the test's cleanup.
 */
export async function openHubDb(dataDir: string): Promise<Db> {
  const url = await hubDatabaseUrl(dataDir);
  if (url === undefined) return createDb({ url: `file:${join(dataDir, "edgeseg.db")}` });
  await migrate(url);
  return createDb({ url });
}

/** Result rows stored for a job (by the Result.jobId link) and for a device (whether linked or not). */
export async function countResults(db: Db, where: { jobId?: string; deviceId?: string }): Promise<number> {
  return db.prisma.result.count({ where });
}
