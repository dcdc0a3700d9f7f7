import { randomBytes } from "node:crypto";
import pg from "pg";
import { type PostgresServer, startPostgresSync } from "./postgres-server.ts";

/**
 * Which database the tests run on: EDGESEG_TEST_DATABASE=postgres selects PostgreSQL (each test
 * database a fresh one on a throw-away server), anything else SQLite files.
 */
export function testDatabaseKind(): "sqlite" | "postgres" {
  const kind = process.env.EDGESEG_TEST_DATABASE ?? "sqlite";
  if (kind !== "sqlite" && kind !== "postgres") {
    throw new Error(`EDGESEG_TEST_DATABASE=${kind}: use sqlite (the default) or postgres`);
  }
  return kind;
}

/** Set by the db-postgres project's global setup: the maintenance URL of the server it started. */
export const SERVER_ENV = "EDGESEG_TEST_POSTGRES_URL";

let local: PostgresServer | undefined;

/**
 * The test server's URL for `database`: the one the global setup started (EDGESEG_TEST_POSTGRES_URL),
 * or else one started in this process on first use (synchronously, ~1 s), stopped when the process
 * exits (or by its watchdog, see postgres-server.ts).
 */
export function testPostgresUrl(database: string): string {
  const shared = process.env[SERVER_ENV];
  if (shared) {
    const url = new URL(shared);
    url.pathname = `/${database}`;
    return url.href;
  }
  if (!local) {
    const server = startPostgresSync();
    process.once("exit", () => server.stop());
    local = server;
  }
  return local.url(database);
}

/** A name for a test database of its own (`migrate` creates it on first use). */
export function freshDatabaseName(): string {
  return `edgeseg_test_${randomBytes(6).toString("hex")}`;
}

/**
 * A URL for a database of its own on the test server (not created yet: `migrate` creates it), and
 * `drop()` to remove it once its clients are closed.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = freshDatabaseName();
  const url = testPostgresUrl(name);
  return {
    url,
    drop: async () => {
      const admin = new pg.Client({ connectionString: testPostgresUrl("postgres") });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
