// PostgreSQL for the cross-app tests: the same throw-away server and per-test databases as
// packages/db's tests (EDGESEG_TEST_DATABASE=postgres selects it; see packages/db/src/testing).
export {
  freshDatabaseName,
  freshPostgresDatabase,
  type PostgresServer,
  startPostgres,
  testDatabaseKind,
  testPostgresUrl,
} from "@edgeseg/db/testing";
