import { concurrencyCap, defaultBackoff, failureLimiter, throttledCount } from "@edgeseg/protocol";
import type { Logger } from "pino";

/** The configurable part of the limits (hub config: --auth-failures-per-*, --max-auth-checks). */
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

export function authGuard(limits: AuthLimits, logger: Logger, surface: string): AuthGuard {
  const byAddress = failureLimiter({ ...defaultBackoff, maxFailures: limits.authFailuresPerAddress });
  const byIdentity = failureLimiter({ ...defaultBackoff, maxFailures: limits.authFailuresPerIdentity });
  const checks = concurrencyCap(limits.maxAuthChecks);
  const log = logger.child({ surface });
  const refusedBlocked = throttledCount(10_000, (count) =>
    log.info({ count }, "attempts refused while blocked (no secret checked)"),
  );
  const refusedBusy = throttledCount(10_000, (count) =>
    log.warn(
      { count, maxAuthChecks: limits.maxAuthChecks },
      "secret checks at their cap; attempts answered busy (raise --max-auth-checks if honest clients see this)",
    ),
  );
  const keyOfAddress = (a: string) => `address ${a}`;
  const keyOfIdentity = (i: string) => `identity ${i}`;

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
