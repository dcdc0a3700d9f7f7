// PostgreSQL for the cross-app tests: the same throw-away server and per-test databases as
// packages/db's tests (EDGESEG_TEST_DATABASE=postgres selects it; see packages/db/src/testing).
export {
  freshDatabaseName,
  freshPostgresDatabase,
  testDatabaseKind,
  testPostgresUrl,
} from "../../packages/db/src/testing/postgres.ts";
export { type PostgresServer, startPostgres } from "../../packages/db/src/testing/postgres-server.ts";
