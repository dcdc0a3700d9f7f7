import { existsSync, readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlDriverAdapter,
  type SqlMigrationAwareDriverAdapterFactory,
} from "@prisma/driver-adapter-utils";
import * as engineModule from "@prisma/schema-engine-wasm/schema_engine_bg";

/**
 * Development aid, not used at run time: Prisma's schema engine compiled to WebAssembly, which runs
 * here where the native engine cannot be downloaded. `diffMigrationsToSchema` prints the SQL that would
 * take a database migrated by `migrationsDir` to `schemaPath` — empty when the migrations match the
 * schema, the body of the next migration otherwise. Its API is undocumented; this wraps the one call.
 * For a PostgreSQL schema, `postgresUrl` names a server the engine may create its shadow database on
 * (needed to replay migrations; a diff from nothing needs none).
 */
export async function diffMigrationsToSchema(
  schemaPath: string,
  migrationsDir: string | null,
  postgresUrl?: string,
): Promise<string> {
  const engine = await loadEngine(schemaPath, postgresUrl);
  const schema = {
    tag: "schemaDatamodel" as const,
    files: [{ path: schemaPath, content: readFileSync(schemaPath, "utf8") }],
  };
  try {
    const result = await engine.diff({
      from:
        migrationsDir === null ? { tag: "empty" } : { tag: "migrations", ...migrationList(migrationsDir) },
      to: schema,
      script: true,
      exitCode: null,
      filters: { externalTables: [], externalEnums: [] },
    });
    return result.stdout ?? "";
  } finally {
    engine.free();
  }
}

// The WebAssembly global exists in Node; its types live in lib.dom, which this package does not load.
declare const WebAssembly: {
  instantiate(
    bytes: Uint8Array,
    imports: object,
  ): Promise<{ instance: { exports: Record<string, unknown> } }>;
};

let instantiated = false;

async function loadEngine(schemaPath: string, postgresUrl?: string): Promise<engineModule.SchemaEngine> {
  if (!instantiated) {
    const glue = createRequire(import.meta.url).resolve("@prisma/schema-engine-wasm/schema_engine_bg");
    const wasm = await WebAssembly.instantiate(readFileSync(join(dirname(glue), "schema_engine_bg.wasm")), {
      "./schema_engine_bg.js": engineModule,
    });
    engineModule.__wbg_set_wasm(wasm.instance.exports);
    (wasm.instance.exports.__wbindgen_start as (() => void) | undefined)?.();
    instantiated = true;
  }
  // The shadow database the engine replays migrations into: an in-memory SQLite, or a database the
  // PostgreSQL adapter creates (and drops) on the given server.
  const factory: SqlMigrationAwareDriverAdapterFactory = postgresUrl
    ? new PrismaPg({ connectionString: postgresUrl })
    : new PrismaBetterSqlite3({ url: ":memory:" });
  const connectToShadowDb = factory.connectToShadowDb.bind(factory);
  factory.connectToShadowDb = async () => withScripts(await connectToShadowDb());
  const adapter = bindMigrationAwareSqlAdapterFactory(factory);
  return engineModule.SchemaEngine.new(
    { datamodels: [[schemaPath, readFileSync(schemaPath, "utf8")]] },
    () => {},
    adapter,
  );
}

/**
 * The engine replays each migration.sql through executeRaw, which better-sqlite3 runs one statement
 * at a time (and node-postgres, with parameters, as one prepared statement); a whole script goes
 * through executeScript instead.
 */
function withScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const executeRaw = adapter.executeRaw.bind(adapter);
  // @prisma/adapter-pg's executeScript splits the script at every ";", comments included; node-postgres
  // runs a whole script as one simple query, as PostgreSQL's own tools do.
  const pool =
    adapter.provider === "postgres" ? (adapter as unknown as PgPoolHolder).underlyingDriver() : null;
  adapter.executeRaw = async (query) => {
    if (query.args.length > 0) return executeRaw(query);
    await adapter.executeScript(query.sql);
    return 0;
  };
  if (pool) {
    adapter.executeScript = async (script) => void (await pool.query(script));
    // The engine's catalogue queries read columns of PostgreSQL's one-byte "char" type (OID 18), which
    // @prisma/adapter-pg 7.10 cannot map; their values arrive as strings, so they are reported as text.
    const query = pool.query.bind(pool);
    pool.query = async (...args: unknown[]) => {
      const result = (await query(...(args as [string]))) as { fields?: { dataTypeID: number }[] };
      for (const field of result?.fields ?? []) if (field.dataTypeID === 18) field.dataTypeID = 25;
      return result;
    };
  }
  return adapter;
}

interface PgPoolHolder {
  underlyingDriver(): { query(...args: unknown[]): Promise<unknown> };
}

function migrationList(dir: string): engineModule.MigrationList {
  const lockPath = join(dir, "migration_lock.toml");
  return {
    baseDir: dir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: readdirSync(dir, { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => entry.name)
      .sort()
      .map((name) => ({
        path: name,
        migrationFile: {
          path: "migration.sql",
          content: { tag: "ok" as const, value: readFileSync(join(dir, name, "migration.sql"), "utf8") },
        },
      })),
  };
}
