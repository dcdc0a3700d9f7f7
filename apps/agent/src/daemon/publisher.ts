import { isMessageKind, kindSpecs, type ResultReceipts } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { publishAsync } from "./mqtt-publish.ts";
import type { Spool } from "./spool.ts";

/** How long a result waits for the hub's storage receipt after each PUBACK before it is published again. */
export interface ReceiptWait {
  /** After the first PUBACK. */
  firstMs: number;
  /** The wait doubles with each copy, up to this. */
  maxMs: number;
}

export const DEFAULT_RECEIPT_WAIT: ReceiptWait = { firstMs: 120_000, maxMs: 3_600_000 };

/** Kinds kept after the PUBACK until a storage receipt names them (docs/protocol.md). */
const KEPT_UNTIL_RECEIPT = new Set(["results"]);

export interface PublisherOptions {
  receiptWait?: ReceiptWait;
  /** Milliseconds, for the receipt windows; a monotonic clock by default. */
  clock?: () => number;
}

/** The wait after delivery number `deliveries` (1-based): first · 2^(deliveries-1), at most max. */
export function receiptWaitMs(deliveries: number, wait: ReceiptWait = DEFAULT_RECEIPT_WAIT): number {
  return Math.min(wait.maxMs, wait.firstMs * 2 ** Math.min(Math.max(deliveries - 1, 0), 30));
}

/**
 * Drains the spool in order, one message in flight at a time, QoS 1. An error event is deleted once
 * mqtt.js reports the broker's PUBACK. A result is kept, marked as delivered, until the hub's storage
 * receipt names it: behind an external broker a PUBACK only says the broker has it, and a result
 * acknowledged while no hub was subscribed (a broker restart) would otherwise be lost. Without a
 * receipt it is published again, byte for byte, after a window that doubles per copy up to a cap —
 * for as long as it takes; the hub stores a resultId once and answers every copy. A lost connection
 * stops the drain; the next connect starts it again from the oldest entry. Held ids (a result whose
 * job is not yet marked finished) wait.
 */
export function createPublisher(
  spool: Spool,
  client: () => MqttClient | null,
  logger: Logger,
  opts: PublisherOptions = {},
) {
  const wait = opts.receiptWait ?? DEFAULT_RECEIPT_WAIT;
  const clock = opts.clock ?? (() => performance.now());
  const held = new Set<string>();
  /** When each result awaiting its receipt may be published again (clock ms). */
  const due = new Map<string, number>();
  let running: Promise<void> | null = null;
  let again = false;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  let receiptSeen = false;
  let warnedNoReceipt = false;

  /** Whether an entry awaiting its receipt may go again now; after a restart its window starts afresh. */
  function isDue(id: string, deliveries: number): boolean {
    let at = due.get(id);
    if (at === undefined) {
      at = clock() + receiptWaitMs(deliveries, wait);
      due.set(id, at);
    }
    return clock() >= at;
  }

  function noteResend(id: string, kind: string, deliveries: number): void {
    const waitedS = Math.round(receiptWaitMs(deliveries, wait) / 1000);
    if (!receiptSeen && !warnedNoReceipt) {
      warnedNoReceipt = true;
      logger.warn(
        { id, deliveries, waitedS, maxWaitS: Math.round(wait.maxMs / 1000) },
        `spool: no storage receipt from the hub for ${kind} ${id} within ${waitedS} s of the broker's acknowledgement; publishing it again (the hub stores each result once). A hub older than storage receipts never sends one: each result is then published again at most every ${Math.round(wait.maxMs / 1000)} s — update the hub`,
      );
    } else {
      logger.info(
        { id, deliveries, waitedS },
        `spool: no storage receipt for ${kind} ${id}; publishing it again`,
      );
    }
  }

  async function drainOnce(): Promise<void> {
    for (const entry of spool.list()) {
      if (held.has(entry.id)) continue;
      if (entry.deliveries > 0 && !isDue(entry.id, entry.deliveries)) continue;
      const c = client();
      if (!c?.connected) return;
      const payload = await spool.read(entry.id);
      if (!payload) continue;
      if (entry.deliveries > 0) noteResend(entry.id, entry.kind, entry.deliveries);
      const spec = isMessageKind(entry.kind) ? kindSpecs[entry.kind] : { qos: 1 as const, retained: false };
      try {
        await publishAsync(c, entry.topic, payload, { qos: spec.qos, retain: spec.retained });
      } catch (error) {
        logger.info(
          { id: entry.id, err: (error as Error).message },
          "spool: publish not acknowledged; will retry",
        );
        return;
      }
      if (!KEPT_UNTIL_RECEIPT.has(entry.kind)) {
        await spool.remove(entry.id);
        logger.info({ id: entry.id, kind: entry.kind }, `spool: ${entry.kind} ${entry.id} delivered`);
        continue;
      }
      // null: the receipt overtook the PUBACK (the embedded broker stores before it acknowledges).
      const deliveries = await spool.markDelivered(entry.id);
      if (deliveries === null) continue;
      due.set(entry.id, clock() + receiptWaitMs(deliveries, wait));
      logger.info(
        { id: entry.id, kind: entry.kind, deliveries, awaitingReceipt: true },
        `spool: ${entry.kind} ${entry.id} delivered`,
      );
    }
  }

  /** Wakes the drain when the next result awaiting its receipt falls due (only while connected). */
  function scheduleResend(): void {
    if (timer) clearTimeout(timer);
    timer = null;
    if (stopped || !client()?.connected) return;
    const waiting = new Set(spool.list().map((e) => e.id));
    let next = Number.POSITIVE_INFINITY;
    for (const [id, at] of due) {
      if (!waiting.has(id)) due.delete(id);
      else next = Math.min(next, at);
    }
    if (next === Number.POSITIVE_INFINITY) return;
    // A floor, so an entry that cannot go (damaged, then quarantined) never spins the loop.
    const delay = Math.max(next - clock(), Math.min(1000, wait.firstMs));
    timer = setTimeout(() => void drain(), delay);
    timer.unref();
  }

  function drain(): Promise<void> {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await drainOnce();
        } while (again && client()?.connected);
      } catch (error) {
        logger.error(
          { err: (error as Error).message },
          "spool: drain failed; will retry at the next connect",
        );
      } finally {
        running = null;
        scheduleResend();
      }
    })();
    return running;
  }

  /** A storage receipt from the hub: the results it names leave the spool; unknown ids are ignored. */
  async function receipt(args: ResultReceipts): Promise<void> {
    receiptSeen = true;
    const mine = (id: string) => spool.list().find((e) => e.id === id && KEPT_UNTIL_RECEIPT.has(e.kind));
    for (const id of args.stored) {
      const entry = mine(id);
      if (!entry) {
        logger.debug({ id }, "spool: storage receipt for a result not in the spool; ignored");
        continue;
      }
      await spool.remove(id);
      due.delete(id);
      logger.info(
        { id, deliveries: entry.deliveries },
        `spool: ${entry.kind} ${id} stored by the hub; removed`,
      );
    }
    for (const id of args.refused) {
      const entry = mine(id);
      if (!entry) continue;
      await spool.remove(id);
      due.delete(id);
      logger.warn(
        { id },
        `spool: the hub refused ${entry.kind} ${id} for good (its log says why: signature, clock, or a resultId stored for another device); removed from the spool`,
      );
    }
  }

  return {
    /** Starts (or continues) draining; resolves when nothing is due or the connection is gone. */
    drain,
    receipt,
    hold: (id: string) => void held.add(id),
    release(id: string) {
      held.delete(id);
      void drain();
    },
    /** Stops the re-send timer (the daemon is closing). */
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
