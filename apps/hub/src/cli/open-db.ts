import { createDb, type Db, migrate } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { prepareDataDir } from "../config/data-dir.ts";
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

/** Opens (and migrates) the hub's database for an admin command; the hub may be running meanwhile. */
export async function openDataDb(flag: string | undefined): Promise<Db> {
  const layout = await prepareDataDir(dataDirFrom(flag));
  await migrate(layout.dbUrl);
  return createDb({ url: layout.dbUrl });
}

export async function withDb<T>(flag: string | undefined, run: (db: Db) => Promise<T>): Promise<T> {
  const db = await openDataDb(flag);
  try {
    return await run(db);
  } finally {
    await db.close();
  }
}
