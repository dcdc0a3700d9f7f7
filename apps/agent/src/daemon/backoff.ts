export interface BackoffPolicy {
  /** Ceiling of the first retry's window. */
  baseMs: number;
  /** No window grows past this. */
  capMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 1000, capMs: 60_000 };

/** The window retry number `attempt` (1-based) draws from: base · 2^(attempt-1), at most cap. */
export function backoffCeiling(attempt: number, policy: BackoffPolicy = DEFAULT_BACKOFF): number {
  const exp = Math.min(Math.max(attempt - 1, 0), 30);
  return Math.min(policy.capMs, policy.baseMs * 2 ** exp);
}

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter",
 * 2015): the delay is uniform in [0, ceiling). When a whole clinic's devices lose the hub at once,
 * full jitter spreads their reconnects instead of sending them back in synchronized waves.
 */
export function backoffDelay(
  attempt: number,
  policy: BackoffPolicy = DEFAULT_BACKOFF,
  random: () => number = Math.random,
): number {
  return Math.floor(random() * backoffCeiling(attempt, policy));
}
