import { isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { AppError } from "@edgeseg/protocol";

/**
 * Turns a SQLite database URL into an absolute file path.
 * Accepted: `file:/abs/edgeseg.db`, `file:///abs/edgeseg.db`, and relative `file:./edgeseg.db` or
 * `file:edgeseg.db`, which resolve against `baseDir` — never against the process's working directory,
 * which differs between the hub, the dashboard and tests (a relative URL without a baseDir is refused).
 */
export function sqlitePathFromUrl(url: string, baseDir?: string): string {
  if (/^postgres(ql)?:\/\//.test(url)) {
    throw new AppError(
      "USAGE",
      `database URL ${redact(url)} is PostgreSQL, which this build does not support yet: use a file: URL for SQLite`,
    );
  }
  if (!url.startsWith("file:")) {
    throw new AppError(
      "USAGE",
      `database URL "${url}" is not a file: URL: use e.g. file:/var/lib/edgeseg/edgeseg.db`,
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

/** Hides the password of a connection string in messages. */
function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):[^@]*@/, "//$1:***@");
}
