import type { ThrottleSignal } from "@edgeseg/protocol";
import {
  type ParsedThrottled,
  queryThrottled,
  SINCE_BOOT_MASK,
  type ThrottledQuery,
} from "../device/throttling.ts";

export const VCGENCMD_SOURCE = "vcgencmd get_throttled";

export interface VcgencmdOutcome {
  signal: ThrottleSignal;
  /** Every bit seen during the run, OR-ed ("0x50005"); null when vcgencmd gave nothing. */
  flags: string | null;
}

/**
 * Follows the firmware's throttling flags through a run. Throttling during the run means: a "now" bit
 * (0–3) seen in any poll, or a "since boot" bit (16–19) that was clear before the run and set after it.
 * The flags reported are every bit seen, OR-ed.
 */
export class ThrottleTracker {
  private before: ParsedThrottled | null = null;
  private lastParsed: ParsedThrottled | null = null;
  private seen = 0;
  private currentSeen = false;
  private source = "unavailable";
  private available = true;
  private pending: Promise<void> | null = null;

  constructor(private readonly query: () => Promise<ThrottledQuery> = () => queryThrottled()) {}

  async start(): Promise<void> {
    await this.poll();
    this.before = this.lastParsed;
  }

  /** Polls unless a poll is still running or vcgencmd is known to be missing. */
  tick(): void {
    if (this.available && !this.pending) this.pending = this.poll().finally(() => (this.pending = null));
  }

  async finish(): Promise<VcgencmdOutcome> {
    await this.pending;
    await this.poll();
    const after = this.lastParsed;
    if (!after || !this.before) {
      const detail =
        this.source === "unavailable"
          ? "not available on this device: no vcgencmd (it exists on Raspberry Pi OS only)"
          : `not measured: ${this.source}`;
      return { signal: { source: VCGENCMD_SOURCE, measured: false, observed: null, detail }, flags: null };
    }
    const newSinceBoot = (after.value & SINCE_BOOT_MASK & ~this.before.value) !== 0;
    const flags = `0x${this.seen.toString(16)}`;
    return {
      signal: {
        source: VCGENCMD_SOURCE,
        measured: true,
        observed: this.currentSeen || newSinceBoot,
        detail: `flags ${this.before.flags} before the run, ${after.flags} after, ${flags} seen (OR of every poll)`,
      },
      flags,
    };
  }

  private async poll(): Promise<void> {
    if (!this.available) return;
    const { parsed, source } = await this.query();
    this.source = source;
    this.lastParsed = parsed;
    if (!parsed) {
      this.available = false;
      return;
    }
    this.seen |= parsed.value;
    if (parsed.current) this.currentSeen = true;
  }
}
