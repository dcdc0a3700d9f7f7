// Test helpers other workspaces import as @edgeseg/db/testing: migrated temporary databases (SQLite, or
// PostgreSQL with EDGESEG_TEST_DATABASE=postgres), result documents, seeded rows, a throw-away server.
export * from "./dispatch.ts";
export * from "./postgres.ts";
export * from "./postgres-server.ts";
export * from "./result-document.ts";
export * from "./temp-db.ts";
