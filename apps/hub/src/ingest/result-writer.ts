import { type BatchOutcome, type BatchResult, type Db, storeResultBatch } from "@edgeseg/db";
import type { Logger } from "pino";

export interface ResultWriterOptions {
  /** Results per transaction, at most. */
  maxBatch?: number;
  /** Results waiting for a transaction, at most; past it `store` waits (back-pressure). */
  maxQueue?: number;
  /** How long an idle writer waits for more results before it commits what it has. */
  lingerMs?: number;
}

export const defaultResultWriter = { maxBatch: 256, maxQueue: 4096, lingerMs: 2 } as const;

interface Pending {
  item: BatchResult;
  resolve(outcome: BatchOutcome): void;
}

/**
 * Group commit for results. `store` queues a validated result and resolves once the transaction
 * holding it has committed (or it was refused): the caller sends the PUBACK only then, so an
 * acknowledged result is always in the database. One writer at a time takes what has queued — up to
 * `maxBatch`, after at most `lingerMs` when it was idle — and stores it in one transaction
 * (@edgeseg/db storeResultBatch); results arriving meanwhile form the next batch.
 *
 * Back-pressure: when `maxQueue` results wait, `store` itself waits for room, so the broker holds
 * the PUBACK and each device's MQTT inflight window stops it sending more [MQTT-4.4.0-1]. Nothing
 * accepted is dropped: a result leaves the queue only answered.
 */
export function createResultWriter(db: Db, logger: Logger, opts: ResultWriterOptions = {}) {
  const maxBatch = opts.maxBatch ?? defaultResultWriter.maxBatch;
  const maxQueue = opts.maxQueue ?? defaultResultWriter.maxQueue;
  const lingerMs = opts.lingerMs ?? defaultResultWriter.lingerMs;
  const queue: Pending[] = [];
  const waitingForRoom: (() => void)[] = [];
  let writing: Promise<void> | null = null;
  let timer: NodeJS.Timeout | null = null;
  const stats = { batches: 0, results: 0, largestBatch: 0, waitedForRoom: 0 };

  function schedule() {
    if (writing || queue.length === 0) return;
    if (queue.length >= maxBatch || lingerMs === 0) return void start();
    timer ??= setTimeout(start, lingerMs);
  }

  function start() {
    if (timer) clearTimeout(timer);
    timer = null;
    if (writing || queue.length === 0) return;
    writing = write(queue.splice(0, maxBatch)).finally(() => {
      writing = null;
      // Results that queued during the commit go at once: they have waited one transaction already.
      if (queue.length > 0) start();
    });
    for (let room = maxQueue - queue.length; room > 0 && waitingForRoom.length > 0; room--) {
      waitingForRoom.shift()!();
    }
  }

  async function write(batch: Pending[]) {
    stats.batches++;
    stats.results += batch.length;
    stats.largestBatch = Math.max(stats.largestBatch, batch.length);
    let outcomes: BatchOutcome[];
    try {
      outcomes = await storeResultBatch(
        db,
        batch.map((p) => p.item),
      );
    } catch (error) {
      logger.error({ err: error, results: batch.length }, "cannot store a batch of results");
      outcomes = batch.map(() => ({ ok: false, error }));
    }
    for (const [i, p] of batch.entries()) p.resolve(outcomes[i]!);
  }

  return {
    async store(item: BatchResult): Promise<BatchOutcome> {
      while (queue.length >= maxQueue) {
        stats.waitedForRoom++;
        await new Promise<void>((resolve) => waitingForRoom.push(resolve));
      }
      return new Promise<BatchOutcome>((resolve) => {
        queue.push({ item, resolve });
        schedule();
      });
    },
    /** Results waiting for a transaction (not counting the one being written). */
    queued: () => queue.length,
    stats: () => ({ ...stats }),
    /** Resolves once every result stored so far has been answered. */
    async drain(): Promise<void> {
      while (writing || queue.length > 0) {
        start();
        await writing;
      }
    },
  };
}

export type ResultWriter = ReturnType<typeof createResultWriter>;
