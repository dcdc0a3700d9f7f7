/** How many results a device may deliver: `burst` at once, refilled at `perHour`. */
export interface ResultRateOptions {
  perHour: number;
  burst: number;
  /** Devices tracked at most; a full bucket is forgotten first (it is the same as a new one). */
  maxDevices?: number;
}

export const defaultResultRate = { perHour: 120, burst: 60 } as const;

export type RateDecision = { ok: true } | { ok: false; retryInMs: number };

/**
 * A token bucket per device for results (docs/security.md, "Result rate"). An honest agent publishes
 * one result per run, and a few dozen at once when its spool drains after days offline; a flood from
 * one device is cut off before it costs a database transaction per message. Memory is bounded:
 * at most `maxDevices` buckets, and a bucket that has refilled is dropped when the map is full.
 */
export function resultRateLimiter(opts: ResultRateOptions) {
  const maxDevices = opts.maxDevices ?? 100_000;
  const perMs = opts.perHour / 3_600_000;
  const buckets = new Map<string, { tokens: number; at: number }>();

  const level = (b: { tokens: number; at: number }, now: number) =>
    Math.min(opts.burst, b.tokens + (now - b.at) * perMs);

  function sweep(now: number): void {
    for (const [id, b] of buckets) if (level(b, now) >= opts.burst) buckets.delete(id);
    // Still full of devices that are all mid-burst: forget the oldest (they restart with a full bucket).
    for (const id of buckets.keys()) {
      if (buckets.size < maxDevices) break;
      buckets.delete(id);
    }
  }

  return {
    take(deviceId: string, now: number): RateDecision {
      const b = buckets.get(deviceId);
      const tokens = b ? level(b, now) : opts.burst;
      // Epsilons: an hour at 1/h refills 0.9999999999999999 tokens in floating point, which is one.
      if (tokens < 1 - 1e-9) return { ok: false, retryInMs: Math.ceil((1 - tokens) / perMs - 1e-6) };
      if (!b && buckets.size >= maxDevices) sweep(now);
      buckets.set(deviceId, { tokens: Math.max(0, tokens - 1), at: now });
      return { ok: true };
    },
    /** Buckets held, for tests of the memory bound. */
    size: () => buckets.size,
  };
}

export type ResultRateLimiter = ReturnType<typeof resultRateLimiter>;
