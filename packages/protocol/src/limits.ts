/**
 * The rate limits every authentication surface shares (MQTT CONNECT, HTTP enrolment and artifact
 * downloads, dashboard log-in): one failure counter with exponential back-off, one concurrency cap.
 * Pure and synchronous; memory is bounded by `maxKeys` per limiter (least recently used key dropped).
 */

export interface BackoffOptions {
  /** Failures within `windowMs` after which a key is blocked (the Nth failure starts the back-off). */
  maxFailures: number;
  /** The first block's length; each further failure doubles it, up to `maxBlockMs`. */
  baseBlockMs: number;
  maxBlockMs: number;
  /** A key with no failure for this long starts afresh. */
  windowMs: number;
  /** Keys remembered at most; the least recently used is forgotten first. */
  maxKeys: number;
}

export const defaultBackoff: Omit<BackoffOptions, "maxFailures"> = {
  baseBlockMs: 1000,
  maxBlockMs: 5 * 60_000,
  windowMs: 15 * 60_000,
  maxKeys: 10_000,
};

export type LimitCheck = { ok: true } | { ok: false; retryAfterMs: number };

interface Entry {
  failures: number;
  lastFailure: number;
  blockedUntil: number;
}

export interface FailureLimiter {
  /** Whether an attempt for `key` may be checked now (a blocked key costs no verification). */
  check(key: string, now?: number): LimitCheck;
  /**
   * Counts a failed attempt. Returns the block it starts (ms) when this failure blocks the key, so the
   * caller logs once per block instead of once per refused attempt.
   */
  fail(key: string, now?: number): number | null;
  /** A success forgets the key's failures. */
  succeed(key: string): void;
  /** Keys currently remembered (for tests and logs). */
  size(): number;
}

/**
 * Failures count, successes reset: the `maxFailures`th failure of a key within the window blocks it
 * for baseBlockMs, and each failure after that for twice as long as the one before (capped). An honest client that never
 * fails is never blocked, however often it reconnects.
 */
export function failureLimiter(opts: BackoffOptions): FailureLimiter {
  const entries = new Map<string, Entry>();
  const live = (key: string, now: number): Entry | undefined => {
    const entry = entries.get(key);
    if (entry && now - entry.lastFailure > opts.windowMs && now >= entry.blockedUntil) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  };
  return {
    check(key, now = Date.now()) {
      const entry = live(key, now);
      if (entry && now < entry.blockedUntil) return { ok: false, retryAfterMs: entry.blockedUntil - now };
      return { ok: true };
    },
    fail(key, now = Date.now()) {
      const entry = live(key, now) ?? { failures: 0, lastFailure: now, blockedUntil: 0 };
      entry.failures += 1;
      entry.lastFailure = now;
      // Re-inserting moves the key to the end of the Map's order: the front is least recently used.
      entries.delete(key);
      entries.set(key, entry);
      if (entries.size > opts.maxKeys) entries.delete(entries.keys().next().value!);
      const over = entry.failures - opts.maxFailures + 1;
      if (over <= 0) return null;
      const blockMs = Math.min(opts.maxBlockMs, opts.baseBlockMs * 2 ** Math.min(over - 1, 30));
      entry.blockedUntil = now + blockMs;
      return blockMs;
    },
    succeed(key) {
      entries.delete(key);
    },
    size: () => entries.size,
  };
}

export interface ConcurrencyCap {
  /** A release function when a slot is free, otherwise null (answer "busy, retry later"). */
  tryAcquire(): (() => void) | null;
  inUse(): number;
}

/** At most `max` operations at once; the rest are refused at once rather than queued. */
export function concurrencyCap(max: number): ConcurrencyCap {
  let used = 0;
  return {
    tryAcquire() {
      if (used >= max) return null;
      used += 1;
      let released = false;
      return () => {
        if (released) return;
        released = true;
        used -= 1;
      };
    },
    inUse: () => used,
  };
}

export interface ConnectionCounter {
  /** Counts a new connection from `address`; false when a cap is reached (refuse it). */
  open(address: string): boolean;
  close(address: string): void;
  total(): number;
}

/** Open connections per address and in total, each capped. Memory: one number per open address. */
export function connectionCounter(caps: { perAddress: number; total: number }): ConnectionCounter {
  const byAddress = new Map<string, number>();
  let total = 0;
  return {
    open(address) {
      const n = byAddress.get(address) ?? 0;
      if (total >= caps.total || n >= caps.perAddress) return false;
      byAddress.set(address, n + 1);
      total += 1;
      return true;
    },
    close(address) {
      const n = byAddress.get(address);
      if (n === undefined) return;
      if (n <= 1) byAddress.delete(address);
      else byAddress.set(address, n - 1);
      total -= 1;
    },
    total: () => total,
  };
}

/**
 * Logs a burst of refusals as one line every `everyMs` with how many there were, so a flood cannot
 * flood the log too.
 */
export function throttledCount(everyMs: number, emit: (count: number) => void, now = Date.now) {
  let count = 0;
  let last = Number.NEGATIVE_INFINITY;
  return () => {
    count += 1;
    const t = now();
    if (t - last < everyMs) return;
    last = t;
    emit(count);
    count = 0;
  };
}

/** What the guard logs through: a pino logger fits. */
export interface LimitLogger {
  info(fields: object, msg: string): void;
  warn(fields: object, msg: string): void;
}

/** An authentication surface's settings (hub: --auth-failures-per-*, --max-auth-checks). */
export interface AuthLimits {
  authFailuresPerAddress: number;
  authFailuresPerIdentity: number;
  maxAuthChecks: number;
}

export type Admission =
  | { ok: true; release: () => void }
  | { ok: false; why: "blocked"; retryAfterMs: number; key: string }
  | { ok: false; why: "busy" };

/**
 * One authentication surface's limits (MQTT CONNECT, enrolment, artifact downloads each have their
 * own, so a flood on one does not lock out another): failures per source address and per identity
 * with exponential back-off, and a cap on secret checks in flight. A blocked address or identity, or a
 * full cap, costs no verification at all. Blocks are logged once each; refusals once per 10 s.
 *
 * Failures count and successes reset the identity; an address is never reset by a success, or one
 * valid credential would launder a flood from that address. An honest fleet never fails, so however
 * many devices reconnect at once after a restart, none is blocked (a full cap answers "busy, retry").
 */
export interface AuthGuard {
  admit(address: string, identity: string | undefined): Admission;
  failed(address: string, identity: string | undefined): void;
  succeeded(identity: string): void;
}

export function authGuard(limits: AuthLimits, logger: LimitLogger, surface: string): AuthGuard {
  const byAddress = failureLimiter({ ...defaultBackoff, maxFailures: limits.authFailuresPerAddress });
  const byIdentity = failureLimiter({ ...defaultBackoff, maxFailures: limits.authFailuresPerIdentity });
  const checks = concurrencyCap(limits.maxAuthChecks);
  const log = {
    info: (fields: object, msg: string) => logger.info({ surface, ...fields }, msg),
    warn: (fields: object, msg: string) => logger.warn({ surface, ...fields }, msg),
  };
  const refusedBlocked = throttledCount(10_000, (count) =>
    log.info({ count }, "attempts refused while blocked (no secret checked)"),
  );
  const refusedBusy = throttledCount(10_000, (count) =>
    log.warn(
      { count, maxAuthChecks: limits.maxAuthChecks },
      "secret checks at their cap; attempts answered busy (raise the cap if honest clients see this)",
    ),
  );
  // Keys are cut at 256 characters so that 10,000 of them stay small whatever a client sends as its
  // username (an MQTT username may be 64 KiB); real device ids and e-mails are far shorter.
  const keyOfAddress = (a: string) => `address ${a.slice(0, 256)}`;
  const keyOfIdentity = (i: string) => `identity ${i.slice(0, 256)}`;

  return {
    admit(address, identity) {
      for (const [limiter, key] of [
        [byAddress, keyOfAddress(address)],
        ...(identity === undefined ? [] : [[byIdentity, keyOfIdentity(identity)] as const]),
      ] as const) {
        const verdict = limiter.check(key);
        if (!verdict.ok) {
          refusedBlocked();
          return { ok: false, why: "blocked", retryAfterMs: verdict.retryAfterMs, key };
        }
      }
      const release = checks.tryAcquire();
      if (!release) {
        refusedBusy();
        return { ok: false, why: "busy" };
      }
      return { ok: true, release };
    },
    failed(address, identity) {
      const blocks: [string, number | null][] = [
        [keyOfAddress(address), byAddress.fail(keyOfAddress(address))],
      ];
      if (identity !== undefined)
        blocks.push([keyOfIdentity(identity), byIdentity.fail(keyOfIdentity(identity))]);
      for (const [key, blockMs] of blocks) {
        if (blockMs !== null)
          log.warn({ key, blockMs }, `too many failed attempts: ${key} blocked for ${blockMs} ms`);
      }
    },
    succeeded(identity) {
      byIdentity.succeed(keyOfIdentity(identity));
    },
  };
}
