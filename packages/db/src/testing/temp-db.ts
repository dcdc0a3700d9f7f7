import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createDb, type Db } from "../client.ts";
import { migrate } from "../migrate.ts";
import { freshPostgresDatabase, testDatabaseKind } from "./postgres.ts";

/**
 * A migrated database for one test: a SQLite file in a fresh temporary directory, or with
 * EDGESEG_TEST_DATABASE=postgres a fresh database on the test PostgreSQL server (testing/postgres.ts).
 * dispose() closes it and removes the directory (and the PostgreSQL database).
 */
export async function tempDb(): Promise<Db & { dir: string; url: string; dispose(): Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), "edgeseg-db-"));
  const pg = testDatabaseKind() === "postgres" ? await freshPostgresDatabase() : null;
  const url = pg?.url ?? `file:${join(dir, "edgeseg.db")}`;
  await migrate(url);
  const db = await createDb({ url });
  return {
    ...db,
    dir,
    url,
    dispose: async () => {
      await db.close();
      await pg?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
/** A device in a device class, the minimum a result needs. */
export async function seedDevice(
  db: Db,
  deviceId = "dev-1",
  deviceClassId = "raspberry-pi-4",
): Promise<void> {
  await db.prisma.deviceClass.upsert({
    where: { id: deviceClassId },
    update: {},
    create: {
      id: deviceClassId,
      name: deviceClassId,
      memoryBudgetMb: 1024,
      caseTimeBudgetS: 60,
      diceThreshold: 0.7,
      nsdThreshold: 0.7,
    },
  });
  await db.prisma.device.create({
    data: { id: deviceId, name: deviceId, secretHash: "unused", status: "active", deviceClassId },
  });
}
