import { mkdir, readdir, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import { decodeEntry } from "./spool-entry.ts";

export interface SpoolIndexEntry {
  seq: number;
  id: string;
  kind: string;
  topic: string;
  file: string;
  /** Size of the file on disk, header included. */
  size: number;
  /** How often the broker has acknowledged it; > 0: a result awaiting the hub's storage receipt. */
  deliveries: number;
}

/**
 * `000000000042.<id>.msg`, and `000000000042.<id>.sent-<n>.msg` once the broker has acknowledged it n
 * times (a result kept until the hub's storage receipt): the sequence number orders entries without
 * trusting the clock (a Pi has no RTC), and the mark is a rename, atomic and durable like the put.
 */
export const ENTRY_NAME = /^(\d{12})\.([A-Za-z0-9_-]{1,100})(?:\.sent-(\d{1,9}))?\.msg$/;
export const entryName = (seq: number, id: string, deliveries = 0) =>
  `${String(seq).padStart(12, "0")}.${id}${deliveries > 0 ? `.sent-${deliveries}` : ""}.msg`;

/**
 * Reads every entry of the spool directory, oldest first. Temporary files are puts that never
 * completed (their caller never heard "spooled"), so they are deleted; a complete-looking entry
 * that fails its checks is moved to `quarantine/` and named in a warning, never fatal.
 */
export async function scanSpool(dir: string, logger: Logger): Promise<SpoolIndexEntry[]> {
  const entries: SpoolIndexEntry[] = [];
  for (const name of (await readdir(dir)).sort()) {
    const path = join(dir, name);
    if (name.endsWith(".tmp")) {
      await rm(path, { force: true });
      continue;
    }
    const m = ENTRY_NAME.exec(name);
    if (!m) continue;
    const data = await readFile(path);
    const record = decodeEntry(data);
    if ("corrupt" in record || record.id !== m[2]) {
      const why = "corrupt" in record ? record.corrupt : `header id ${record.id} differs from the file name`;
      await quarantine(dir, name, why, logger);
      continue;
    }
    entries.push({
      seq: Number(m[1]),
      id: record.id,
      kind: record.kind,
      topic: record.topic,
      file: name,
      size: data.byteLength,
      deliveries: m[3] === undefined ? 0 : Number(m[3]),
    });
  }
  return entries;
}

export async function quarantine(dir: string, name: string, why: string, logger: Logger): Promise<void> {
  const target = join(dir, "quarantine");
  await mkdir(target, { recursive: true });
  await rename(join(dir, name), join(target, `${name}.${Date.now()}`));
  logger.warn({ file: join(target, name), why }, `spool: quarantined a damaged entry (${why})`);
}
