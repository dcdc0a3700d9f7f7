import { execFile } from "node:child_process";

export interface ThrottlingReading {
  /** null where the platform exposes no throttling flags. */
  observed: boolean | null;
  /** The raw flags as the firmware reported them ("0x50005"). */
  flags: string | null;
  source: string;
}

/**
 * Bits of `vcgencmd get_throttled` (Raspberry Pi documentation, "vcgencmd" → get_throttled).
 * Bits 0–3 describe now; bits 16–19 are sticky and say the condition occurred at some point since boot.
 * Under-voltage is counted too: the firmware throttles the clock when the supply sags.
 */
export const THROTTLE_BITS = {
  0: "under-voltage detected",
  1: "arm frequency capped",
  2: "currently throttled",
  3: "soft temperature limit active",
  16: "under-voltage has occurred",
  17: "arm frequency capping has occurred",
  18: "throttling has occurred",
  19: "soft temperature limit has occurred",
} as const;

export const CURRENT_MASK = 0xf;
export const SINCE_BOOT_MASK = 0xf0000;

export interface ParsedThrottled {
  value: number;
  flags: string;
  current: boolean;
  sinceBoot: boolean;
  /** Names of the set bits, from THROTTLE_BITS. */
  conditions: string[];
}

/** Parses "throttled=0x50005" (vcgencmd's output); null when the text is not that. */
export function parseThrottled(text: string): ParsedThrottled | null {
  const m = /throttled=(0x[0-9a-f]+|\d+)/i.exec(text);
  if (!m) return null;
  const value = Number(m[1]);
  const conditions = Object.entries(THROTTLE_BITS)
    .filter(([bit]) => (value & (1 << Number(bit))) !== 0)
    .map(([, name]) => name);
  return {
    value,
    flags: `0x${value.toString(16)}`,
    current: (value & CURRENT_MASK) !== 0,
    sinceBoot: (value & SINCE_BOOT_MASK) !== 0,
    conditions,
  };
}

export interface ThrottledQuery {
  /** null when vcgencmd is missing or failed. */
  parsed: ParsedThrottled | null;
  source: string;
}

/** Runs `vcgencmd get_throttled`; never rejects. */
export function queryThrottled(command = "vcgencmd"): Promise<ThrottledQuery> {
  return new Promise((resolve) => {
    execFile(command, ["get_throttled"], { timeout: 2000 }, (error, stdout) => {
      if (error && (error as NodeJS.ErrnoException).code === "ENOENT") {
        resolve({ parsed: null, source: "unavailable" });
        return;
      }
      const parsed = error ? null : parseThrottled(stdout);
      if (parsed) {
        resolve({ parsed, source: "vcgencmd get_throttled" });
        return;
      }
      const why = error ? error.message : `unexpected output "${stdout.trim()}"`;
      resolve({ parsed: null, source: `vcgencmd get_throttled failed: ${why}`.slice(0, 200) });
    });
  });
}

/**
 * Asks the Raspberry Pi firmware whether the SoC is or has been throttled. Elsewhere (no vcgencmd)
 * throttling is unknown, not absent: observed is null with source "unavailable".
 */
export async function readThrottling(command = "vcgencmd"): Promise<ThrottlingReading> {
  const { parsed, source } = await queryThrottled(command);
  if (!parsed) return { observed: null, flags: null, source };
  return { observed: parsed.current || parsed.sinceBoot, flags: parsed.flags, source };
}
