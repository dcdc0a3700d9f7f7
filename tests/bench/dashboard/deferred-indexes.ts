import type Database from "better-sqlite3";

/**
 * Drops the secondary indexes of `tables` (not primary keys or unique constraints) and returns a
 * function that re-creates them from their own DDL in sqlite_master, so the schema afterwards is
 * exactly the migrations'. Building an index once over sorted keys is several times faster than
 * keeping it up to date row by row during a bulk load.
 */
export function deferIndexes(db: Database.Database, tables: readonly string[]): () => void {
  const rows = db
    .prepare(
      `SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL AND sql NOT LIKE 'CREATE UNIQUE%' AND tbl_name IN (${tables.map(() => "?").join(", ")})`,
    )
    .all(...tables) as { name: string; sql: string }[];
  for (const { name } of rows) db.exec(`DROP INDEX "${name}"`);
  return () => {
    for (const { sql } of rows) db.exec(sql);
  };
}
