import { AppError } from "@edgeseg/protocol";
import { matchesChecksum } from "./checksum.ts";
import type { HistoryRow } from "./history.ts";
import type { LocalMigration } from "./read.ts";

/**
 * Compares the database's history with the migrations on disk and returns those still to apply.
 * Refuses, as `prisma migrate` does, a migration edited after it was applied and one that failed
 * half-way (Prisma's P3009); ignores rolled-back rows; tolerates applied migrations this build does
 * not know (a newer hub migrated the database first).
 */
export function pendingMigrations(
  local: LocalMigration[],
  history: HistoryRow[],
  where: string,
): LocalMigration[] {
  const live = history.filter((row) => row.rolled_back_at === null);
  const failed = live.find((row) => row.finished_at === null);
  if (failed) {
    throw new AppError(
      "INTEGRITY",
      `migration ${failed.migration_name} failed earlier on ${where} and was never resolved (logs: ${failed.logs ?? "none"}): repair the database, then mark it with \`prisma migrate resolve\``,
    );
  }
  const applied = new Map(live.map((row) => [row.migration_name, row]));
  for (const migration of local) {
    const row = applied.get(migration.name);
    if (row && !matchesChecksum(migration.script, row.checksum)) {
      throw new AppError(
        "INTEGRITY",
        `migration ${migration.name} was changed after it was applied to ${where} (checksum ${row.checksum.slice(0, 12)}… in the database, ${migration.checksum.slice(0, 12)}… on disk): restore the original migration.sql and put the change in a new migration`,
      );
    }
  }
  return local.filter((migration) => !applied.has(migration.name));
}
