import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls `check` until it returns something other than undefined/null/false, and returns that value;
 * fails after `timeoutMs` naming what it waited for (and, if given, what was seen last).
 */
export async function waitFor<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  opts: { timeoutMs?: number; everyMs?: number; context?: () => string } = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const seen = opts.context ? `\n--- context ---\n${opts.context()}` : "";
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${seen}`);
    }
    await sleep(opts.everyMs ?? 100);
  }
}
