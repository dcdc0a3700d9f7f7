import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";

/** Where a database URL points: a SQLite file, or a PostgreSQL server and database. */
export type DatabaseTarget =
  | { provider: "sqlite"; path: string }
  | { provider: "postgresql"; url: string; database: string };

/**
 * Parses a database URL: `file:` (SQLite, see sqlitePathFromUrl) or `postgresql://` / `postgres://`
 * (host, optional port, a database name; credentials and libpq query parameters such as `sslmode`
 * pass through to node-postgres).
 */
export function parseDatabaseUrl(url: string, baseDir?: string): DatabaseTarget {
  if (/^postgres(ql)?:\/\//.test(url))
    return { provider: "postgresql", url, database: postgresDatabase(url) };
  return { provider: "sqlite", path: sqlitePathFromUrl(url, baseDir) };
}

export function isPostgresUrl(url: string): boolean {
  return /^postgres(ql)?:\/\//.test(url);
}

function postgresDatabase(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new AppError(
      "USAGE",
      `database URL ${redactUrl(url)} is not a valid URL: use postgresql://user:password@host:5432/edgeseg (percent-encode special characters in the password)`,
    );
  }
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
  if (parsed.hostname === "" || database === "" || database.includes("/")) {
    throw new AppError(
      "USAGE",
      `database URL ${redactUrl(url)} names no host or database: use postgresql://user:password@host:5432/edgeseg`,
    );
  }
  return database;
}

/**
 * Turns a SQLite database URL into an absolute file path.
 * Accepted: `file:/abs/edgeseg.db`, `file:///abs/edgeseg.db`, and relative `file:./edgeseg.db` or
 * `file:edgeseg.db`, which resolve against `baseDir` — never against the process's working directory,
 * which differs between the hub, the dashboard and tests (a relative URL without a baseDir is refused).
 */
export function sqlitePathFromUrl(url: string, baseDir?: string): string {
  if (isPostgresUrl(url)) {
    throw new AppError("USAGE", `database URL ${redactUrl(url)} is PostgreSQL, not a SQLite file: URL`);
  }
  if (!url.startsWith("file:")) {
    throw new AppError(
      "USAGE",
      `database URL "${redactUrl(url)}" is not a file: URL (SQLite, e.g. file:/var/lib/edgeseg/edgeseg.db) or a postgresql://user:password@host:5432/edgeseg URL`,
    );
  }
  if (url.includes("?")) {
    throw new AppError(
      "USAGE",
      `database URL "${url}" has query parameters, which SQLite here ignores: remove them`,
    );
  }
  const path = url.startsWith("file://") ? fileURLToPath(url) : url.slice("file:".length);
  if (path === "") throw new AppError("USAGE", `database URL "${url}" names no file`);
  if (isAbsolute(path)) return path;
  if (baseDir === undefined) {
    throw new AppError(
      "USAGE",
      `database URL "${url}" is relative: give an absolute path (file:/abs/edgeseg.db) or a base directory to resolve it against`,
    );
  }
  return resolve(baseDir, path);
}

/** Hides the password of a connection string in messages and logs. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@]*@/, "//$1:***@");
}
