import type { Timing } from "@edgeseg/protocol";
import { elapsedMs, now } from "./clock.ts";

export interface OfflineOptions {
  /** Images per call of `runBatch`. */
  batchSize: number;
  /** Keep issuing batches until at least this many images have been processed. */
  minQueries: number;
  /** Untimed batches issued first. */
  warmupBatches?: number;
  /**
   * Stop issuing batches after this long even short of minQueries (LoadGen's max_duration): the
   * throughput of what completed is still measured, and `capped` says it stopped early.
   */
  maxDurationMs?: number;
}

export type OfflineStats = NonNullable<Timing["offline"]>;

/**
 * MLPerf LoadGen's Offline scenario, simplified: all work is available up front and only throughput
 * counts. `runBatch` runs one prepared batch (as `session.prepare` builds it); images per second is
 * images processed over the wall time of the timed batches.
 */
export async function runOffline(
  runBatch: () => Promise<unknown>,
  opts: OfflineOptions,
): Promise<OfflineStats> {
  for (let i = 0; i < (opts.warmupBatches ?? 0); i++) await runBatch();
  let images = 0;
  const start = now();
  const cap = opts.maxDurationMs ?? Infinity;
  let capped = false;
  while (images < opts.minQueries) {
    if (images > 0 && elapsedMs(start) >= cap) {
      capped = true;
      break;
    }
    await runBatch();
    images += opts.batchSize;
  }
  const durationMs = elapsedMs(start);
  return {
    batchSize: opts.batchSize,
    images,
    durationMs,
    imagesPerSecond: durationMs > 0 ? images / (durationMs / 1000) : 0,
    ...(opts.maxDurationMs !== undefined ? { capped } : {}),
  };
}
