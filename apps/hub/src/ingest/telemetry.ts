import { addTelemetryBuckets, type Db } from "@edgeseg/db";
import type { TelemetryMessage } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { addSample, type Bucket, bucketRow, emptyBucket, mergeBucket } from "./telemetry-bucket.ts";

export interface TelemetryOptions {
  /** Bucket length; the dashboard reads averages and maxima per bucket. */
  bucketSeconds?: number;
  /** How often the samples held in memory are written. */
  flushMs?: number;
}

/** One device's samples in one bucket that are not written yet. */
interface Held {
  deviceId: string;
  bucket: Bucket;
}

/**
 * Downsamples telemetry into one row per device and bucket (averages and maxima). Samples accumulate
 * in memory and are added to the stored rows every `flushMs` (addTelemetryBuckets merges them: counts
 * add up, averages are weighted), so a heartbeat costs no database read or write, a hub restarted
 * within a bucket continues it, and several hubs sharing one device's heartbeats (shared
 * subscriptions) each add their part. Buckets follow the hub's clock: telemetry is QoS 0 and never
 * queued, so arrival is send time, and device clocks may be wrong.
 */
export function createTelemetryStore(
  deps: { db: Db; logger: Logger; now: () => Date },
  opts: TelemetryOptions = {},
) {
  const { db, logger, now } = deps;
  const bucketMs = (opts.bucketSeconds ?? 60) * 1000;
  const FLUSH_BATCH = 1000;
  /** Keyed by device id and bucket start. */
  let held = new Map<string, Held>();

  function hold(deviceId: string, bucket: Bucket): Bucket {
    const key = `${deviceId} ${bucket.start.getTime()}`;
    const entry = held.get(key);
    if (entry) return mergeBucket(entry.bucket, bucket);
    held.set(key, { deviceId, bucket });
    return bucket;
  }

  /**
   * Written in transactions of FLUSH_BATCH rows, each one multi-row statement: a thousand devices'
   * heartbeats cost one commit per flush. Rows that fail to write are held again (merged with what
   * arrived meanwhile) and retried at the next flush.
   */
  async function flush() {
    const rows = [...held.values()];
    held = new Map();
    for (let i = 0; i < rows.length; i += FLUSH_BATCH) {
      const batch = rows.slice(i, i + FLUSH_BATCH);
      try {
        await addTelemetryBuckets(
          db,
          batch.map(({ deviceId, bucket }) => ({
            deviceId,
            bucketStart: bucket.start,
            bucketSeconds: bucketMs / 1000,
            ...bucketRow(bucket),
          })),
        );
      } catch (err) {
        for (const { deviceId, bucket } of batch) hold(deviceId, bucket);
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
    add(deviceId: string, msg: TelemetryMessage): void {
      const start = new Date(Math.floor(now().getTime() / bucketMs) * bucketMs);
      const key = `${deviceId} ${start.getTime()}`;
      const bucket = held.get(key)?.bucket ?? hold(deviceId, emptyBucket(start));
      addSample(bucket, msg);
    },
    flush,
    async close() {
      clearInterval(timer);
      await flush();
    },
  };
}

export type TelemetryStore = ReturnType<typeof createTelemetryStore>;
