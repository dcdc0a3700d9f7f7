import type Database from "better-sqlite3";

/** How the Prisma SQLite adapter stores a DateTime (read back by the dashboard and compared as text). */
export const sqlTime = (ms: number | Date) =>
  new Date(ms instanceof Date ? ms.getTime() : ms).toISOString().replace("Z", "+00:00");

/** Prisma input values to SQLite values: Date as the adapter's text, booleans as 0/1, JSON as text. */
export function sqlValue(value: unknown): string | number | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return sqlTime(value);
  if (typeof value === "boolean") return value ? 1 : 0;
  if (typeof value === "number" || typeof value === "string") return value;
  return JSON.stringify(value);
}

/** A prepared INSERT taking an object of the listed columns (missing ones become NULL). */
export function inserter(db: Database.Database, table: string, columns: readonly string[]) {
  const stmt = db.prepare(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(", ")}) VALUES (${columns.map(() => "?").join(", ")})`,
  );
  return (row: Record<string, unknown>) => stmt.run(columns.map((c) => sqlValue(row[c])));
}
