import { createDb, type Db, migrate } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { prepareDataDir } from "../config/data-dir.ts";
import { parseHubConfig } from "../config/parse.ts";
import { configSources } from "../config/schema.ts";

/** The data directory from --data-dir or EDGESEG_DATA_DIR. */
export function dataDirFrom(flag: string | undefined): string {
  const dir = flag ?? process.env[configSources.dataDir.env];
  if (!dir)
    throw new AppError(
      "USAGE",
      `no data directory: give --data-dir <dir> or set ${configSources.dataDir.env}`,
    );
  return dir;
}

/**
 * Opens (and migrates) the hub's database for an admin command; the hub may be running meanwhile. The
 * database is the one `serve` uses: EDGESEG_DATABASE_URL when set (e.g. PostgreSQL), else the data
 * directory's edgeseg.db.
 */
export async function openDataDb(flag: string | undefined): Promise<Db> {
  const layout = await prepareDataDir(dataDirFrom(flag));
  const url = databaseUrlFromEnv() ?? layout.dbUrl;
  await migrate(url, { baseDir: layout.root });
  return createDb({ url, baseDir: layout.root });
}

function databaseUrlFromEnv(): string | undefined {
  const raw = process.env[configSources.databaseUrl.env]?.trim();
  if (!raw) return undefined;
  return parseHubConfig({ dataDir: ".", databaseUrl: raw }).databaseUrl;
}

export async function withDb<T>(flag: string | undefined, run: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDataDb(flag);
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}
