import { mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { fsyncDir } from "./fs-durable.ts";
import { decodeEntry, encodeEntry } from "./spool-entry.ts";
import { entryName, quarantine, type SpoolIndexEntry, scanSpool } from "./spool-scan.ts";

export interface SpoolOptions {
  /** Upper bound on the spool's size on disk; past it the oldest entries are dropped, loudly. */
  maxBytes: number;
  logger: Logger;
}

export interface SpoolEntry {
  id: string;
  kind: string;
  topic: string;
  size: number;
  /** How often the broker acknowledged it; > 0 marks a result awaiting the hub's storage receipt. */
  deliveries: number;
}

export interface Spool {
  /** Stores a message durably; resolves only once it is on disk. false when `id` is already spooled. */
  put(kind: string, topic: string, payload: Buffer, id: string): Promise<boolean>;
  /** Entries, oldest first, those awaiting a receipt included. */
  list(): SpoolEntry[];
  has(id: string): boolean;
  /** The payload exactly as stored, or null when the entry is gone or damaged (then quarantined). */
  read(id: string): Promise<Buffer | null>;
  /**
   * Records one more PUBACK for an entry that stays until a receipt (a rename, durable once resolved):
   * its delivery count, or null when the entry is gone (a receipt came first).
   */
  markDelivered(id: string): Promise<number | null>;
  remove(id: string): Promise<void>;
  /** Bytes on disk of every entry, those awaiting a receipt included. */
  bytes(): number;
}

const SAFE_ID = /^[A-Za-z0-9_-]{1,100}$/;

/**
 * A directory of messages waiting for the broker's PUBACK or, for results, the hub's storage receipt.
 * Each put writes a temporary file, fsyncs it, renames it into place and fsyncs the directory, so an
 * entry survives power loss once put() resolves; markDelivered renames it likewise. Entries are
 * removed only by remove(), which the publisher calls after the PUBACK (error events) or the receipt
 * (results). Changes run one at a time, so a receipt and a PUBACK of the same entry cannot interleave.
 */
export async function createSpool(dir: string, opts: SpoolOptions): Promise<Spool> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const index: SpoolIndexEntry[] = await scanSpool(dir, opts.logger);
  let nextSeq = index.reduce((max, e) => Math.max(max, e.seq), 0) + 1;
  const find = (id: string) => index.find((e) => e.id === id);
  const total = () => index.reduce((sum, e) => sum + e.size, 0);
  let tail: Promise<unknown> = Promise.resolve();
  const serial = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = tail.then(fn);
    tail = run.catch(() => undefined);
    return run;
  };

  async function drop(entry: SpoolIndexEntry): Promise<void> {
    const at = index.indexOf(entry);
    if (at >= 0) index.splice(at, 1);
    await rm(join(dir, entry.file), { force: true });
  }

  /**
   * Oldest-first eviction, only past the bound and never of the entry just stored. Results the broker
   * already acknowledged go first: the hub most likely has them and only its receipt is missing.
   */
  async function evict(keep: SpoolIndexEntry): Promise<void> {
    while (total() > opts.maxBytes) {
      const oldest = index.find((e) => e !== keep && e.deliveries > 0) ?? index.find((e) => e !== keep);
      if (!oldest) return;
      await drop(oldest);
      const fields = {
        dropped: oldest.id,
        kind: oldest.kind,
        topic: oldest.topic,
        bytes: oldest.size,
        deliveries: oldest.deliveries,
        maxBytes: opts.maxBytes,
      };
      opts.logger.warn(
        fields,
        oldest.deliveries > 0
          ? `spool full (${opts.maxBytes} bytes): DROPPED the oldest ${oldest.kind} message ${oldest.id}, which the broker acknowledged ${oldest.deliveries} time(s) but the hub never confirmed storing; if the hub lost it, it is gone — raise spoolMaxMb or check the hub`
          : `spool full (${opts.maxBytes} bytes): DROPPED the oldest undelivered ${oldest.kind} message ${oldest.id}; it will never reach the hub — raise spoolMaxMb or reconnect the device`,
      );
    }
    await fsyncDir(dir);
  }

  return {
    put: (kind, topic, payload, id) =>
      serial(async () => {
        if (!SAFE_ID.test(id)) throw new AppError("INTERNAL", `spool: id "${id}" is not a safe file name`);
        if (find(id)) return false;
        const seq = nextSeq++;
        const file = entryName(seq, id);
        const tmp = join(dir, `${file}.tmp`);
        const encoded = encodeEntry({ id, kind, topic, payload });
        const handle = await open(tmp, "w", 0o600);
        try {
          await handle.writeFile(encoded);
          await handle.sync();
        } finally {
          await handle.close();
        }
        await rename(tmp, join(dir, file));
        await fsyncDir(dir);
        const entry = { seq, id, kind, topic, file, size: encoded.byteLength, deliveries: 0 };
        index.push(entry);
        await evict(entry);
        return true;
      }),
    list: () => index.map(({ id, kind, topic, size, deliveries }) => ({ id, kind, topic, size, deliveries })),
    has: (id) => find(id) !== undefined,
    read: (id) =>
      serial(async () => {
        const entry = find(id);
        if (!entry) return null;
        const record = decodeEntry(await readFile(join(dir, entry.file)));
        if (!("corrupt" in record)) return record.payload;
        index.splice(index.indexOf(entry), 1);
        await quarantine(dir, entry.file, record.corrupt, opts.logger);
        return null;
      }),
    markDelivered: (id) =>
      serial(async () => {
        const entry = find(id);
        if (!entry) return null;
        const file = entryName(entry.seq, entry.id, entry.deliveries + 1);
        await rename(join(dir, entry.file), join(dir, file));
        await fsyncDir(dir);
        entry.file = file;
        entry.deliveries += 1;
        return entry.deliveries;
      }),
    remove: (id) =>
      serial(async () => {
        const entry = find(id);
        if (!entry) return;
        await drop(entry);
        await fsyncDir(dir);
      }),
    bytes: total,
  };
}
