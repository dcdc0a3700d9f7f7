import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * Reads a text file below `root` (a live "/" or a recorded fixture tree). Missing or unreadable files
 * are normal on other boards (no device tree on x86, no DMI on a Pi), so they yield null.
 * Device-tree strings end in a NUL byte; it is removed here.
 */
export function readText(root: string, relPath: string): string | null {
  try {
    return readFileSync(join(root, relPath), "utf8").replace(/\0+$/, "");
  } catch {
    return null;
  }
}

/** Entry names of a directory below `root`, empty when it does not exist. */
export function listDir(root: string, relPath: string): string[] {
  try {
    return readdirSync(join(root, relPath));
  } catch {
    return [];
  }
}
