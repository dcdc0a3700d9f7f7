import { type Db, upsertTelemetryBuckets } from "@edgeseg/db";
import type { TelemetryMessage } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { addSample, type Bucket, bucketFromRow, bucketRow, emptyBucket } from "./telemetry-bucket.ts";

export interface TelemetryOptions {
  /** Bucket length; the dashboard reads averages and maxima per bucket. */
  bucketSeconds?: number;
  /** How often changed buckets are written. */
  flushMs?: number;
}

/**
 * Downsamples telemetry into one row per device and bucket (averages and maxima). Samples accumulate
 * in memory and are written every `flushMs` and when a device's bucket ends, so a heartbeat costs no
 * write. Buckets follow the hub's clock: telemetry is QoS 0 and never queued, so arrival is send time,
 * and device clocks may be wrong.
 */
export function createTelemetryStore(
  deps: { db: Db; logger: Logger; now: () => Date },
  opts: TelemetryOptions = {},
) {
  const { db, logger, now } = deps;
  const bucketMs = (opts.bucketSeconds ?? 60) * 1000;
  const FLUSH_BATCH = 1000;
  const open = new Map<string, { bucket: Bucket; dirty: boolean }>();

  function upsert(deviceId: string, bucket: Bucket) {
    const row = bucketRow(bucket);
    const key = { deviceId_bucketStart: { deviceId, bucketStart: bucket.start } };
    return db.prisma.telemetry.upsert({
      where: key,
      create: { deviceId, bucketStart: bucket.start, bucketSeconds: bucketMs / 1000, ...row },
      update: row,
    });
  }
  const write = async (deviceId: string, bucket: Bucket) => void (await upsert(deviceId, bucket));

  async function openBucket(deviceId: string, start: Date): Promise<Bucket> {
    const row = await db.prisma.telemetry.findUnique({
      where: { deviceId_bucketStart: { deviceId, bucketStart: start } },
    });
    return row ? bucketFromRow(start, row) : emptyBucket(start);
  }

  /**
   * Dirty buckets are written in transactions of FLUSH_BATCH, as multi-row upserts: a thousand devices'
   * heartbeats cost one commit and a few statements per flush instead of a thousand Prisma upserts,
   * which held the event loop (and every result's PUBACK) for seconds at each flush.
   */
  async function flush() {
    const dirty = [...open].filter(([, entry]) => entry.dirty);
    for (let i = 0; i < dirty.length; i += FLUSH_BATCH) {
      const batch = dirty.slice(i, i + FLUSH_BATCH);
      for (const [, entry] of batch) entry.dirty = false;
      try {
        await upsertTelemetryBuckets(
          db,
          batch.map(([deviceId, entry]) => ({
            deviceId,
            bucketStart: entry.bucket.start,
            bucketSeconds: bucketMs / 1000,
            ...bucketRow(entry.bucket),
          })),
        );
      } catch (err) {
        for (const [, entry] of batch) entry.dirty = true;
        logger.error(
          { err, devices: batch.length },
          "cannot write telemetry buckets; retrying at the next flush",
        );
      }
    }
  }

  const timer = setInterval(() => void flush(), opts.flushMs ?? 5000);
  timer.unref();

  return {
    async add(deviceId: string, msg: TelemetryMessage) {
      const start = new Date(Math.floor(now().getTime() / bucketMs) * bucketMs);
      let entry = open.get(deviceId);
      if (entry && entry.bucket.start.getTime() !== start.getTime()) {
        if (entry.dirty) await write(deviceId, entry.bucket);
        entry = undefined;
      }
      if (!entry) {
        entry = { bucket: await openBucket(deviceId, start), dirty: false };
        open.set(deviceId, entry);
      }
      addSample(entry.bucket, msg);
      entry.dirty = true;
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

export type TelemetryStore = ReturnType<typeof createTelemetryStore>;
