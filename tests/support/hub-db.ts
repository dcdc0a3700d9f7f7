import { join } from "node:path";
import { createDb, type Db } from "@edgeseg/db";

/**
 * The hub's own SQLite file, opened from the test as the dashboard would (WAL: reads while the hub
 * writes). Close it in the test's cleanup.
 */
export function openHubDb(dataDir: string): Promise<Db> {
  return createDb({ url: `file:${join(dataDir, "edgeseg.db")}` });
}

/** Result rows stored for a job (by the Result.jobId link) and for a device (whether linked or not). */
export async function countResults(db: Db, where: { jobId?: string; deviceId?: string }): Promise<number> {
  return db.prisma.result.count({ where });
}
