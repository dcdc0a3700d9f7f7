import { setTimeout as sleep } from "node:timers/promises";
import type { Child } from "./child.ts";

/**
 * Polls `check` until it returns a value (not undefined/null/false); fails after `timeoutMs` naming
 * what it waited for, or at once when one of `children` exits, with the end of that child's log.
 */
export async function waitUntil<T>(
  check: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  what: string,
  opts: { timeoutMs: number; everyMs?: number; children?: Child[] },
): Promise<T> {
  const deadline = Date.now() + opts.timeoutMs;
  const children = opts.children ?? [];
  for (;;) {
    const dead = children.find((c) => c.hasExited());
    if (dead) {
      throw new Error(
        `${dead.name} stopped while waiting for ${what}; the end of ${dead.logFile}:\n${dead.tail()}`,
      );
    }
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) {
      const logs = children.map((c) => `\n--- the end of ${c.logFile}:\n${c.tail()}`).join("");
      throw new Error(`timed out after ${Math.round(opts.timeoutMs / 1000)} s waiting for ${what}${logs}`);
    }
    await sleep(opts.everyMs ?? 250);
  }
}

/** True once `url` answers 200. */
export async function httpOk(url: string): Promise<boolean> {
  try {
    const res = await fetch(url, { signal: AbortSignal.timeout(2000) });
    await res.body?.cancel();
    return res.ok;
  } catch {
    return false;
  }
}
