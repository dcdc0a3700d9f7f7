import { fileURLToPath } from "node:url";
import { diffMigrationsToSchema } from "../src/dev/schema-diff.ts";
import { defaultMigrationsDir, defaultPostgresMigrationsDir } from "../src/migrate.ts";
import { startPostgres } from "../src/testing/postgres-server.ts";

// Prints the SQL that takes a database at the last migration in prisma/migrations to
// prisma/schema.prisma: save it as prisma/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql.
// `--from-empty` prints the whole schema instead. `--postgres` does the same for prisma/postgres
// (run `npm run db:generate` first so that prisma/postgres/schema.prisma is current): it starts a
// throw-away PostgreSQL server (Debian's postgresql-15) to replay the migrations in.
const fromEmpty = process.argv.includes("--from-empty");
if (process.argv.includes("--postgres")) {
  const schemaPath = fileURLToPath(new URL("../prisma/postgres/schema.prisma", import.meta.url));
  const server = fromEmpty ? null : await startPostgres();
  try {
    process.stdout.write(
      await diffMigrationsToSchema(
        schemaPath,
        fromEmpty ? null : defaultPostgresMigrationsDir,
        server?.url(),
      ),
    );
  } finally {
    server?.stop();
  }
} else {
  const schemaPath = fileURLToPath(new URL("../prisma/schema.prisma", import.meta.url));
  process.stdout.write(await diffMigrationsToSchema(schemaPath, fromEmpty ? null : defaultMigrationsDir));
}
