import { readFileSync } from "node:fs";
import { join } from "node:path";

/** Reads one file; tests pass a reader that fails the way a live /sys does (EACCES as non-root). */
export type FileReader = (path: string) => string;

export const readFileUtf8: FileReader = (path) => readFileSync(path, "utf8");

export type SysfsRead = { ok: true; text: string } | { ok: false; code: string; message: string };

/**
 * Reads a file below `root` and keeps the reason when it cannot: unlike readText, a sensor reader
 * must tell "absent" (ENOENT) from "present but not readable by this user" (EACCES).
 */
export function readSysfs(root: string, relPath: string, read: FileReader = readFileUtf8): SysfsRead {
  try {
    return { ok: true, text: read(join(root, relPath)).trim() };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, code: e.code ?? "EIO", message: e.message };
  }
}

/** A non-negative integer from a sysfs file, or null when it is absent, unreadable or not a number. */
export function readSysfsInt(root: string, relPath: string, read: FileReader = readFileUtf8): number | null {
  const r = readSysfs(root, relPath, read);
  if (!r.ok || !/^\d+$/.test(r.text)) return null;
  return Number(r.text);
}
