import Database from "better-sqlite3";
import pg from "pg";

/**
 * A database's tables as the Prisma schema sees them, in one shape for SQLite and PostgreSQL, so two
 * migration histories can be compared: column types by Prisma scalar family (SQLite REAL and
 * PostgreSQL DOUBLE PRECISION are both `Float`), enums as strings (SQLite stores them as TEXT),
 * primary keys, indexes with their column order and direction, and foreign keys with their ON DELETE.
 */
export interface TableShape {
  columns: Record<string, { type: string; nullable: boolean; hasDefault: boolean }>;
  primaryKey: string[];
  indexes: Record<string, { unique: boolean; columns: string[]; partial: boolean }>;
  foreignKeys: string[];
}
export type SchemaShape = Record<string, TableShape>;

const FAMILIES: [RegExp, string][] = [
  [/^(TEXT|USER-DEFINED|CHARACTER VARYING)$/i, "String"],
  [/^(REAL|DOUBLE PRECISION)$/i, "Float"],
  [/^INTEGER$/i, "Int"],
  [/^BIGINT$/i, "BigInt"],
  [/^BOOLEAN$/i, "Boolean"],
  [/^(DATETIME|TIMESTAMP.*)$/i, "DateTime"],
  [/^JSONB?$/i, "Json"],
];

function family(type: string): string {
  return FAMILIES.find(([pattern]) => pattern.test(type))?.[1] ?? `unknown:${type}`;
}

const SKIP = new Set(["_prisma_migrations"]);

export function sqliteShape(path: string): SchemaShape {
  const db = new Database(path, { readonly: true });
  try {
    const tables = db
      .prepare(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
      )
      .pluck()
      .all() as string[];
    const shape: SchemaShape = {};
    for (const table of tables.filter((t) => !SKIP.has(t))) {
      const info = db.pragma(`table_info("${table}")`) as {
        name: string;
        type: string;
        notnull: number;
        dflt_value: unknown;
        pk: number;
      }[];
      const columns: TableShape["columns"] = {};
      for (const c of info) {
        columns[c.name] = {
          type: family(c.type),
          nullable: c.notnull === 0 && c.pk === 0,
          hasDefault: c.dflt_value !== null,
        };
      }
      const primaryKey = info
        .filter((c) => c.pk > 0)
        .sort((a, b) => a.pk - b.pk)
        .map((c) => c.name);
      const indexes: TableShape["indexes"] = {};
      for (const index of db.pragma(`index_list("${table}")`) as {
        name: string;
        unique: number;
        origin: string;
        partial: number;
      }[]) {
        if (index.origin === "pk") continue;
        const cols = (
          db.pragma(`index_xinfo("${index.name}")`) as { name: string; desc: number; key: number }[]
        )
          .filter((c) => c.key === 1)
          .map((c) => (c.desc ? `${c.name} DESC` : c.name));
        indexes[index.name] = { unique: index.unique === 1, columns: cols, partial: index.partial === 1 };
      }
      const fks = db.pragma(`foreign_key_list("${table}")`) as {
        id: number;
        seq: number;
        table: string;
        from: string;
        to: string;
        on_delete: string;
      }[];
      const byId = new Map<number, typeof fks>();
      for (const fk of fks) byId.set(fk.id, [...(byId.get(fk.id) ?? []), fk]);
      const foreignKeys = [...byId.values()]
        .map((parts) => {
          const sorted = parts.sort((a, b) => a.seq - b.seq);
          return `(${sorted.map((p) => p.from).join(", ")}) -> ${sorted[0]!.table}(${sorted.map((p) => p.to).join(", ")}) ON DELETE ${sorted[0]!.on_delete}`;
        })
        .sort();
      shape[table] = { columns, primaryKey, indexes, foreignKeys };
    }
    return shape;
  } finally {
    db.close();
  }
}

const PG_ON_DELETE: Record<string, string> = {
  a: "NO ACTION",
  r: "RESTRICT",
  c: "CASCADE",
  n: "SET NULL",
  d: "SET DEFAULT",
};

export async function postgresShape(url: string): Promise<SchemaShape> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const columns = await client.query<{
      table: string;
      name: string;
      type: string;
      nullable: string;
      dflt: string | null;
    }>(
      `SELECT table_name AS "table", column_name AS name, data_type AS type, is_nullable AS nullable, column_default AS dflt
       FROM information_schema.columns WHERE table_schema = current_schema() ORDER BY table_name, ordinal_position`,
    );
    const indexes = await client.query<{
      table: string;
      name: string;
      unique: boolean;
      primary: boolean;
      columns: string[];
      partial: boolean;
    }>(
      `SELECT t.relname AS "table", i.relname AS name, ix.indisunique AS "unique", ix.indisprimary AS "primary",
              ix.indpred IS NOT NULL AS partial,
              ARRAY(SELECT a.attname || CASE WHEN (ix.indoption[k.ord - 1] & 1) = 1 THEN ' DESC' ELSE '' END
                    FROM unnest(ix.indkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
                    ORDER BY k.ord) AS columns
       FROM pg_index ix
       JOIN pg_class i ON i.oid = ix.indexrelid
       JOIN pg_class t ON t.oid = ix.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE n.nspname = current_schema()`,
    );
    const fks = await client.query<{
      table: string;
      def: string;
      from: string[];
      ref: string;
      to: string[];
      del: string;
    }>(
      `SELECT t.relname AS "table", r.relname AS ref, c.confdeltype AS del,
              ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "from",
              ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.ord) AS "to"
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_class r ON r.oid = c.confrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
       WHERE c.contype = 'f' AND n.nspname = current_schema()`,
    );
    const shape: SchemaShape = {};
    const table = (name: string) => {
      shape[name] ??= { columns: {}, primaryKey: [], indexes: {}, foreignKeys: [] };
      return shape[name];
    };
    for (const c of columns.rows) {
      if (SKIP.has(c.table)) continue;
      table(c.table).columns[c.name] = {
        type: family(c.type),
        nullable: c.nullable === "YES",
        hasDefault: c.dflt !== null,
      };
    }
    for (const index of indexes.rows) {
      if (SKIP.has(index.table)) continue;
      if (index.primary) table(index.table).primaryKey = index.columns;
      else
        table(index.table).indexes[index.name] = {
          unique: index.unique,
          columns: index.columns,
          partial: index.partial,
        };
    }
    for (const fk of fks.rows) {
      table(fk.table).foreignKeys.push(
        `(${fk.from.join(", ")}) -> ${fk.ref}(${fk.to.join(", ")}) ON DELETE ${PG_ON_DELETE[fk.del] ?? fk.del}`,
      );
    }
    for (const t of Object.values(shape)) t.foreignKeys.sort();
    return shape;
  } finally {
    await client.end();
  }
}
