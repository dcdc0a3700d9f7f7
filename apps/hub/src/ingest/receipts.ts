import { MAX_RECEIPT_IDS, newEnvelope, preparePublish } from "@edgeseg/protocol";
import type { Logger } from "pino";

/** Publishes one hub-to-device message, QoS 1, resolving on the broker's PUBACK. */
export type ReceiptPublish = (topic: string, payload: Buffer) => Promise<void>;

export type ReceiptOutcome = "stored" | "refused";

/**
 * Receipt messages in flight at once. A write batch answers up to 256 devices; published all at once
 * they reach the broker as one burst, and aedes' emitter (mqemitter) works through a backlog beyond
 * its concurrency recursively — a burst on top of a saturated embedded broker overflowed the stack
 * (measured: `npm run bench:ingest`, 1,000 devices). A few in flight keep the pace of the PUBACKs.
 */
const MAX_IN_FLIGHT = 8;
/** Messages waiting to be sent, at most; past it the oldest are dropped (their devices re-send). */
const MAX_OUTBOX = 65_536;

/**
 * Storage receipts (docs/protocol.md, "Results and storage receipts"): this hub tells a device which
 * of its results it has committed — or refused for good — so the agent can drop them from its spool.
 * Only the hub that handled a result answers it. `add` is called once the result's transaction has
 * committed; receipts are sent one event-loop turn later, so every result of one write batch (the
 * result writer answers a batch in one loop) goes to its device in one message, at most 64 ids each.
 * A receipt that cannot be sent is only logged: the agent publishes the result again after its
 * window, and the hub answers that copy.
 */
export function createReceipts(logger: Logger) {
  const pending = new Map<string, { stored: Set<string>; refused: Set<string> }>();
  const outbox: { deviceId: string; ids: string[]; topic: string; payload: Buffer }[] = [];
  let inFlight = 0;
  let publish: ReceiptPublish | null = null;
  let scheduled = false;
  const stats = { messages: 0, stored: 0, refused: 0, failed: 0, dropped: 0, maxInFlight: 0 };

  /** Sends from the outbox, at most MAX_IN_FLIGHT at once, each next one on a PUBACK. */
  function pump(): void {
    const send = publish;
    while (send && inFlight < MAX_IN_FLIGHT && outbox.length > 0) {
      const m = outbox.shift()!;
      inFlight++;
      stats.maxInFlight = Math.max(stats.maxInFlight, inFlight);
      send(m.topic, m.payload)
        .catch((err: Error) => {
          stats.failed++;
          logger.warn(
            { deviceId: m.deviceId, resultIds: m.ids, err: err.message },
            "storage receipt not sent; the device publishes those results again after its receipt window",
          );
        })
        .finally(() => {
          inFlight--;
          pump();
        });
    }
  }

  function schedule(): void {
    if (scheduled || !publish || pending.size === 0) return;
    scheduled = true;
    setImmediate(flush);
  }

  function flush(): void {
    scheduled = false;
    if (!publish) return;
    for (const [deviceId, ids] of pending) {
      const all = [
        ...[...ids.stored].map((id) => ({ id, outcome: "stored" as const })),
        ...[...ids.refused].map((id) => ({ id, outcome: "refused" as const })),
      ];
      for (let at = 0; at < all.length; at += MAX_RECEIPT_IDS) {
        const chunk = all.slice(at, at + MAX_RECEIPT_IDS);
        const args = {
          stored: chunk.filter((c) => c.outcome === "stored").map((c) => c.id),
          refused: chunk.filter((c) => c.outcome === "refused").map((c) => c.id),
        };
        let out: ReturnType<typeof preparePublish>;
        try {
          out = preparePublish("commands", { ...newEnvelope(deviceId), command: "result-receipts", args });
        } catch (error) {
          // Not expected: every id comes from a result that passed the same resultId schema.
          logger.error({ deviceId, args, err: (error as Error).message }, "cannot encode a storage receipt");
          continue;
        }
        stats.messages++;
        stats.stored += args.stored.length;
        stats.refused += args.refused.length;
        outbox.push({ deviceId, ids: [...args.stored, ...args.refused], ...out });
      }
    }
    pending.clear();
    if (outbox.length > MAX_OUTBOX) {
      const dropped = outbox.splice(0, outbox.length - MAX_OUTBOX);
      stats.dropped += dropped.length;
      logger.warn(
        { dropped: dropped.length, outbox: MAX_OUTBOX },
        "storage receipts piling up (the broker does not acknowledge them); the oldest dropped, their devices re-send those results",
      );
    }
    pump();
  }

  return {
    /** Queues a receipt for a result whose outcome is final (its transaction committed). */
    add(deviceId: string, resultId: string, outcome: ReceiptOutcome): void {
      let ids = pending.get(deviceId);
      if (!ids) {
        ids = { stored: new Set(), refused: new Set() };
        pending.set(deviceId, ids);
      }
      ids[outcome].add(resultId);
      ids[outcome === "stored" ? "refused" : "stored"].delete(resultId);
      schedule();
    },
    /**
     * Where receipts go: the hub's service client, known once messaging has started. Receipts added
     * before (results the broker queued for this hub while it was away) are sent then.
     */
    attach(send: ReceiptPublish): void {
      publish = send;
      schedule();
      pump();
    },
    /** Receipt messages since the start, the ids they carried, failed and dropped sends, the most in flight. */
    stats: () => ({ ...stats }),
  };
}

export type Receipts = ReturnType<typeof createReceipts>;
