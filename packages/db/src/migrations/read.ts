import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { migrationChecksum } from "./checksum.ts";

export interface LocalMigration {
  /** Directory name, e.g. `20261126162543_init`; Prisma applies them in name order. */
  name: string;
  script: string;
  checksum: string;
}

/**
 * Reads Prisma's migrations layout: `<dir>/migration_lock.toml` naming the provider and one
 * `<dir>/<timestamp>_<name>/migration.sql` per migration.
 */
export function readMigrations(dir: string, provider: "sqlite" | "postgresql"): LocalMigration[] {
  const lockPath = join(dir, "migration_lock.toml");
  if (!existsSync(lockPath)) {
    throw new AppError(
      "NOT_FOUND",
      `no migration_lock.toml in ${dir}: point migrationsDir at prisma/migrations (SQLite) or prisma/postgres/migrations`,
    );
  }
  const locked = /^\s*provider\s*=\s*"([^"]+)"/m.exec(readFileSync(lockPath, "utf8"))?.[1];
  if (locked !== provider) {
    throw new AppError("USAGE", `migrations in ${dir} are for provider "${locked}", not "${provider}"`);
  }
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const script = readFileSync(join(dir, name, "migration.sql"), "utf8");
      return { name, script, checksum: migrationChecksum(script) };
    });
}
