import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), "../..");

/** The one schema source, and the PostgreSQL copy derived from it (committed, never edited by hand). */
export const schemaPath = join(packageRoot, "prisma", "schema.prisma");
export const postgresSchemaPath = join(packageRoot, "prisma", "postgres", "schema.prisma");

const HEADER = `// GENERATED from prisma/schema.prisma by \`npm run db:generate -w @edgeseg/db\`: do not edit.
// The same models with provider = "postgresql" and the client generated into
// packages/db/src/generated/postgres (prisma/postgres/migrations holds its migrations).

`;

/**
 * prisma/schema.prisma with the PostgreSQL provider and its own client output. Only the datasource
 * provider and the generator output change: every model, type and index stays the one source's, so the
 * two clients have the same API (the schema avoids SQLite-only and PostgreSQL-only features).
 */
export function postgresSchema(source = readFileSync(schemaPath, "utf8")): string {
  const swaps: [RegExp, string][] = [
    [/(datasource db \{\s*provider\s*=\s*)"sqlite"/, '$1"postgresql"'],
    [/(output\s*=\s*)"\.\.\/src\/generated\/prisma"/, '$1"../../src/generated/postgres"'],
  ];
  let out = source;
  for (const [pattern, replacement] of swaps) {
    if (!pattern.test(out)) {
      throw new AppError(
        "INTEGRITY",
        `prisma/schema.prisma no longer matches ${pattern}: update src/dev/postgres-schema.ts`,
      );
    }
    out = out.replace(pattern, replacement);
  }
  return HEADER + out;
}
