import { fileURLToPath } from "node:url";
import { diffMigrationsToSchema } from "../src/dev/schema-diff.ts";
import { defaultMigrationsDir } from "../src/migrate.ts";

// Prints the SQL that takes a database at the last migration in prisma/migrations to
// prisma/schema.prisma: save it as prisma/migrations/<UTC yyyymmddHHMMSS>_<name>/migration.sql.
// `--from-empty` prints the whole schema instead.
const schemaPath = fileURLToPath(new URL("../../../prisma/schema.prisma", import.meta.url));
const fromEmpty = process.argv.includes("--from-empty");
process.stdout.write(await diffMigrationsToSchema(schemaPath, fromEmpty ? null : defaultMigrationsDir));
