import { randomBytes } from "node:crypto";
import pg from "pg";
import { type PostgresServer, startPostgres } from "./postgres-server.ts";

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

let local: Promise<PostgresServer> | undefined;

/**
 * The test server's URL for `database`: the one the global setup started (EDGESEG_TEST_POSTGRES_URL),
 * or else one started in this process on first use and stopped when the process exits.
 */
export async function testPostgresUrl(database: string): Promise<string> {
  const shared = process.env[SERVER_ENV];
  if (shared) {
    const url = new URL(shared);
    url.pathname = `/${database}`;
    return url.href;
  }
  local ??= startPostgres().then((server) => {
    process.once("exit", () => server.stop());
    return server;
  });
  return (await local).url(database);
}

/**
 * A URL for a database of its own on the test server (not created yet: `migrate` creates it), and
 * `drop()` to remove it once its clients are closed.
 */
export async function freshPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `edgeseg_test_${randomBytes(6).toString("hex")}`;
  const url = await testPostgresUrl(name);
  return {
    url,
    drop: async () => {
      const admin = new pg.Client({ connectionString: await testPostgresUrl("postgres") });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
