import type { Db } from "@edgeseg/db";
import { decodeTopicMessage, isAppError } from "@edgeseg/protocol";
import type { Logger } from "pino";
import type { IngestContext } from "./context.ts";
import { deviceGate } from "./device-gate.ts";
import { onEvent } from "./events.ts";
import { hookCaller, type IngestHooks } from "./hooks.ts";
import { onJobAck } from "./job-ack.ts";
import { createPresence } from "./presence.ts";
import { onProgress, progressBoard } from "./progress.ts";
import { createReceipts, type ReceiptPublish } from "./receipts.ts";
import { defaultResultRate, type ResultRateOptions, resultRateLimiter } from "./result-rate.ts";
import { createResultWriter, type ResultWriterOptions } from "./result-writer.ts";
import { onResult } from "./results.ts";
import { createTelemetryStore, type TelemetryOptions } from "./telemetry.ts";

export interface IngestOptions {
  db: Db;
  logger: Logger;
  /** The dispatcher's hooks; a function, because the dispatcher is created after ingest. */
  hooks?: () => IngestHooks | null;
  now?: () => Date;
  telemetry?: TelemetryOptions;
  /** Results per device (token bucket); default 60 at once, 120 an hour. */
  resultRate?: ResultRateOptions;
  /** Group commit of results: batch size, queue bound, linger (result-writer.ts). */
  resultWriter?: ResultWriterOptions;
}

/**
 * Thrown for a result over its device's rate while the device still waits for the PUBACK (embedded
 * broker): the broker disconnects it unacknowledged and the agent re-sends it from its spool later.
 */
export class ResultRateLimited extends Error {}

/**
 * Turns device messages into database rows. `handle` never throws for bad input: a message that fails
 * decoding (size, UTF-8, JSON, schema, topic) or comes from a device that is not active is logged with
 * the device id, topic and reason, and dropped. It throws only when the database fails, or (with
 * `beforeAck`) for a result over its device's rate, so the caller can withhold the PUBACK and the
 * message is delivered again.
 */
export function createIngest(opts: IngestOptions) {
  const { db } = opts;
  const logger = opts.logger.child({ component: "ingest" });
  const now = opts.now ?? (() => new Date());
  const call = hookCaller(opts.hooks ?? (() => null), logger);
  const results = createResultWriter(db, logger, opts.resultWriter);
  const receipts = createReceipts(logger);
  const ctx: IngestContext = { db, logger, call, progress: progressBoard(), now, results, receipts };
  const gate = deviceGate(db, () => now().getTime());
  const presence = createPresence({ db, logger, call, now });
  const telemetry = createTelemetryStore({ db, logger, now }, opts.telemetry);
  const resultRate = resultRateLimiter(opts.resultRate ?? defaultResultRate);

  /**
   * `beforeAck`: the publishing device has not been acknowledged yet (the embedded broker calls
   * before its PUBACK), so a result over the rate can be left for the device to re-send.
   */
  async function handle(
    topic: string,
    payload: Buffer,
    meta: { retained?: boolean; beforeAck?: boolean } = {},
  ): Promise<void> {
    const retained = meta.retained ?? false;
    const decoded = decodeTopicMessage(topic, payload);
    if (!decoded.ok) {
      // The topic's device level, for the log, even when the topic does not parse.
      logger.warn({ deviceId: topic.split("/")[3], topic, reason: decoded.error }, "invalid message dropped");
      return;
    }
    const { deviceId } = decoded;
    const device = await gate.lookup(deviceId);
    if (device?.status !== "active") {
      logger.warn(
        { deviceId, topic, status: device?.status ?? "unknown" },
        "message from a device that is not active dropped",
      );
      return;
    }
    if (decoded.kind === "results") {
      const rate = resultRate.take(deviceId, now().getTime());
      if (!rate.ok) {
        const resultId = decoded.message.result.resultId;
        const retryInS = Math.ceil(rate.retryInMs / 1000);
        if (meta.beforeAck) {
          logger.warn(
            { deviceId, topic, resultId, retryInS },
            "result over the device's rate limit; not acknowledged, the device keeps it and re-sends it",
          );
          throw new ResultRateLimited(`device ${deviceId} is over its result rate; retry in ${retryInS} s`);
        }
        // Through an external broker the device already has its PUBACK; with no storage receipt its
        // agent publishes the result again after its receipt window.
        logger.warn(
          { deviceId, topic, resultId, retryInS, receipt: "none: the device publishes it again later" },
          "result over the device's rate limit; dropped",
        );
        return;
      }
    }
    try {
      if (!retained && decoded.kind !== "birth" && decoded.kind !== "state") await presence.touch(deviceId);
      switch (decoded.kind) {
        case "birth":
          return await presence.birth(deviceId, decoded.message, retained);
        case "state":
          return await presence.state(deviceId, decoded.message, retained);
        case "telemetry":
          return telemetry.add(deviceId, decoded.message);
        case "jobs/ack":
          return await onJobAck(ctx, deviceId, decoded.message);
        case "progress":
          return await onProgress(ctx, deviceId, decoded.message);
        case "results":
          return await onResult(ctx, deviceId, device, decoded.message);
        case "events":
          return await onEvent(ctx, deviceId, decoded.message);
        default:
          // jobs and commands flow hub → device; a device cannot publish them (ACL), an external broker might.
          logger.warn({ deviceId, topic }, `${decoded.kind} is not a device-to-hub message; dropped`);
      }
    } catch (error) {
      if (!isAppError(error)) throw error;
      logger.warn({ deviceId, topic, reason: error.message }, "message refused; dropped");
      // A refusal is final (signature, clock, enrolment): the receipt stops the device re-sending it.
      if (decoded.kind === "results") receipts.add(deviceId, decoded.message.result.resultId, "refused");
    }
  }

  return {
    handle,
    progress: (jobId: string) => ctx.progress.get(jobId),
    isOnline: (deviceId: string) => presence.isOnline(deviceId),
    flushTelemetry: () => telemetry.flush(),
    /** Batches written, results in them, the largest batch, and how often a result waited for room. */
    resultWriterStats: () => results.stats(),
    /**
     * Sends storage receipts through `publish` (the hub's service client, QoS 1) from now on; receipts
     * for results handled before are sent at once.
     */
    sendReceiptsThrough: (publish: ReceiptPublish) => receipts.attach(publish),
    receiptStats: () => receipts.stats(),
    async close() {
      await results.drain();
      await telemetry.close();
      const written = results.stats();
      if (written.batches > 0)
        logger.info({ ...written, receipts: receipts.stats() }, "result batches written since the start");
    },
  };
}

export type Ingest = ReturnType<typeof createIngest>;
