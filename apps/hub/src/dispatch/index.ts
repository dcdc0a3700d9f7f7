import { hostname } from "node:os";
import { handleAck, handleProgress } from "./acks.ts";
import { cancelJob } from "./cancel.ts";
import { dispatchNext } from "./deliver.ts";
import { finishJob } from "./finish.ts";
import { resendDelivered } from "./resend.ts";
import { tick } from "./tick.ts";
import type { Ctx, Dispatcher, DispatcherOptions } from "./types.ts";

export { jobMessageId } from "./message-id.ts";
export type { Dispatcher, DispatcherOptions, Publish } from "./types.ts";

/**
 * The job dispatcher: the database is the source of truth, MQTT the transport. Every state change
 * is a conditional update on the status (and attempt) it expects, so several hubs can share one
 * database; a delivered job is (re-)sent only by the hub holding its lease (Job.leaseOwner, see
 * lease.ts). A timer runs tick() every tickIntervalMs; handlers act at once on device events.
 */
export function createDispatcher(opts: DispatcherOptions): Dispatcher {
  const ctx: Ctx = {
    db: opts.db,
    publish: opts.publish,
    log: opts.logger.child({ component: "dispatcher" }),
    now: opts.now ?? (() => new Date()),
    ackTimeoutMs: opts.ackTimeoutMs ?? 30_000,
    timeoutGraceMs: opts.timeoutGraceMs ?? 300_000,
    hubId: opts.hubId ?? `${hostname()}-${process.pid}`,
    leaseMs: opts.leaseMs ?? 30_000,
  };
  let closed = false;
  let running: Promise<void> | null = null;
  const runTick = (): Promise<void> => {
    if (closed) return Promise.resolve();
    // Ticks never overlap: a caller during a tick waits for that one.
    running ??= tick(ctx).finally(() => {
      running = null;
    });
    return running;
  };
  const intervalMs = opts.tickIntervalMs ?? 5_000;
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          runTick().catch((err: unknown) => ctx.log.error({ err }, "dispatcher tick failed"));
        }, intervalMs)
      : null;
  timer?.unref();
  return {
    async onDeviceOnline(deviceId) {
      await resendDelivered(ctx, { deviceId });
      await dispatchNext(ctx, deviceId);
    },
    async onDeviceOffline(deviceId) {
      // Nothing to undo: a delivered job stays delivered and is re-sent on reconnect; a running one
      // keeps its timeout. The broker also queues QoS 1 messages for the session (clean session false).
      ctx.log.debug({ deviceId }, "device offline");
    },
    onAck: (msg) => handleAck(ctx, msg),
    onProgress: (msg) => handleProgress(ctx, msg),
    onResult: (jobId, status, deviceId) => finishJob(ctx, jobId, status, deviceId),
    cancelJob: (jobId) => cancelJob(ctx, jobId),
    tick: runTick,
    close() {
      closed = true;
      if (timer) clearInterval(timer);
    },
  };
}
