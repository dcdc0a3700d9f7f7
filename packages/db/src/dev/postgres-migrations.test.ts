import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { defaultMigrationsDir, defaultPostgresMigrationsDir, migrate } from "../migrate.ts";
import { freshPostgresDatabase, testPostgresUrl } from "../testing/postgres.ts";
import { postgresShape, sqliteShape } from "./introspect.ts";
import { postgresSchema, postgresSchemaPath } from "./postgres-schema.ts";
import { diffMigrationsToSchema } from "./schema-diff.ts";

// The PostgreSQL side of the one schema: prisma/postgres/schema.prisma is derived from
// prisma/schema.prisma, its client is the committed one, its migrations build exactly it, and they
// build the same tables, columns, keys and indexes as the SQLite migrations. Runs on a PostgreSQL 15
// server of its own (or the db-postgres project's).
const packageRoot = fileURLToPath(new URL("../../", import.meta.url));
const scratch = mkdtempSync(join(tmpdir(), "edgeseg-pg-schema-"));
let database: Awaited<ReturnType<typeof freshPostgresDatabase>>;

beforeAll(async () => {
  database = await freshPostgresDatabase();
}, 120_000);
afterAll(async () => {
  await database?.drop();
  rmSync(scratch, { recursive: true, force: true });
});

/** The one index only PostgreSQL has (a partial unique index; see the baseline migration). */
const POSTGRES_ONLY_INDEXES: Record<string, string[]> = { Job: ["Job_deviceId_on_device_key"] };

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(dir, join(entry.parentPath, entry.name)))
    .sort();
}

describe("PostgreSQL schema, client and migrations", () => {
  it("prisma/postgres/schema.prisma is derived from prisma/schema.prisma (rerun `npm run db:generate -w @edgeseg/db`)", () => {
    expect(readFileSync(postgresSchemaPath, "utf8")).toBe(postgresSchema());
  });

  it("the committed PostgreSQL client is what Prisma generates from it", () => {
    mkdirSync(join(scratch, "prisma", "postgres"), { recursive: true });
    const copy = join(scratch, "prisma", "postgres", "schema.prisma");
    cpSync(postgresSchemaPath, copy);
    const bin = join(packageRoot, "node_modules", ".bin", "prisma");
    execFileSync(bin, ["generate", "--schema", copy], {
      cwd: scratch,
      env: {
        ...process.env,
        PRISMA_SCHEMA_ENGINE_BINARY: "/bin/true",
        CHECKPOINT_DISABLE: "1",
        PRISMA_HIDE_UPDATE_MESSAGE: "1",
      },
      stdio: "pipe",
    });
    const fresh = join(scratch, "src", "generated", "postgres");
    const committed = join(packageRoot, "src", "generated", "postgres");
    expect(listFiles(fresh)).toEqual(listFiles(committed));
    for (const file of listFiles(fresh)) {
      expect(readFileSync(join(committed, file), "utf8"), file).toBe(readFileSync(join(fresh, file), "utf8"));
    }
  });

  it("replaying prisma/postgres/migrations leaves nothing to change (Prisma's schema engine, shadow database on the server)", async () => {
    const diff = await diffMigrationsToSchema(
      postgresSchemaPath,
      defaultPostgresMigrationsDir,
      testPostgresUrl("postgres"),
    );
    expect(diff).toBe("-- This is an empty migration.\n");
  });

  it("both migration histories build the same tables, columns, keys and indexes", async () => {
    const sqlite = join(scratch, "edgeseg.db");
    await migrate(`file:${sqlite}`, { migrationsDir: defaultMigrationsDir });
    await migrate(database.url);
    const lite = sqliteShape(sqlite);
    const post = await postgresShape(database.url);
    for (const [table, names] of Object.entries(POSTGRES_ONLY_INDEXES)) {
      for (const name of names) {
        expect(post[table]?.indexes[name], `${table}.${name}`).toBeDefined();
        delete post[table]!.indexes[name];
      }
    }
    expect(Object.keys(post).sort()).toEqual(Object.keys(lite).sort());
    for (const table of Object.keys(lite)) expect(post[table], table).toEqual(lite[table]);
  });
});
