import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db, migrate } from "@edgeseg/db";

/** A migrated SQLite file in a fresh temporary directory; dispose() closes it and removes it. */
export async function tempDb(): Promise<Db & { dir: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "edgeseg-dashboard-"));
  const url = `file:${join(dir, "edgeseg.db")}`;
  await migrate(url);
  const db = await createDb({ url });
  return {
    ...db,
    dir,
    dispose: async () => {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
