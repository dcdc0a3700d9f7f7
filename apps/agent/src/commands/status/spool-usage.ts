import { readdir, readFile, stat } from "node:fs/promises";
import { join } from "node:path";
import { decodeEntry } from "../../daemon/spool-entry.ts";
import { ENTRY_NAME } from "../../daemon/spool-scan.ts";

export interface SpoolUsage {
  entries: number;
  results: number;
  bytes: number;
  /** When the oldest waiting entry was written (file time), or null when the spool is empty. */
  oldest: string | null;
}

/** The spool as the daemon left it, read only (no clean-up, no quarantine: that is the daemon's job). */
export async function spoolUsage(dir: string): Promise<SpoolUsage> {
  const usage: SpoolUsage = { entries: 0, results: 0, bytes: 0, oldest: null };
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names.sort()) {
    if (!ENTRY_NAME.test(name)) continue;
    const path = join(dir, name);
    const data = await readFile(path).catch(() => null);
    if (!data) continue;
    const record = decodeEntry(data);
    usage.entries += 1;
    usage.bytes += data.byteLength;
    if (!("corrupt" in record) && record.kind === "results") usage.results += 1;
    if (usage.oldest === null) usage.oldest = (await stat(path)).mtime.toISOString();
  }
  return usage;
}
