import { isMessageKind, kindSpecs } from "@edgeseg/protocol";
import type { MqttClient } from "mqtt";
import type { Logger } from "pino";
import { publishAsync } from "./mqtt-publish.ts";
import type { Spool } from "./spool.ts";

/**
 * Drains the spool in order, one message in flight at a time, QoS 1; an entry is deleted only after
 * mqtt.js reports the broker's PUBACK. A lost connection stops the drain; the next connect starts it
 * again from the oldest entry. Held ids (a result whose job is not yet marked finished) wait.
 */
export function createPublisher(spool: Spool, client: () => MqttClient | null, logger: Logger) {
  const held = new Set<string>();
  let running: Promise<void> | null = null;
  let again = false;

  async function drainOnce(): Promise<void> {
    for (const entry of spool.list()) {
      if (held.has(entry.id)) continue;
      const c = client();
      if (!c?.connected) return;
      const payload = await spool.read(entry.id);
      if (!payload) continue;
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
      await spool.remove(entry.id);
      logger.info({ id: entry.id, kind: entry.kind }, `spool: ${entry.kind} ${entry.id} delivered`);
    }
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
      }
    })();
    return running;
  }

  return {
    /** Starts (or continues) draining; resolves when the spool is empty or the connection is gone. */
    drain,
    hold: (id: string) => void held.add(id),
    release(id: string) {
      held.delete(id);
      void drain();
    },
  };
}

export type Publisher = ReturnType<typeof createPublisher>;
