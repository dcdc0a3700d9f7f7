/** A finite number, or null: NaN and ±Infinity count as "not reported", never as a value to compare. */
export function known(value: number | null | undefined): number | null {
  return typeof value === "number" && Number.isFinite(value) ? value : null;
}

/** Up to `digits` decimals without trailing zeros: 0.8 → "0.8", 0.8734 → "0.873", 1024 → "1024". */
export function num(value: number, digits = 3): string {
  return String(Number(value.toFixed(digits)));
}

export function mb(value: number): string {
  return `${num(value, value < 10 ? 1 : 0)} MB`;
}

/** Seconds from milliseconds with precision that suits the size: 0.042 s, 12.3 s, 300 s. */
export function seconds(ms: number): string {
  const s = ms / 1000;
  return `${num(s, s < 10 ? 3 : s < 100 ? 1 : 0)} s`;
}

export function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? "" : "s"}`;
}

/** Longer times in the unit that suits them: 75_000 ms → "1.3 min", 28_800_000 ms → "8 h", 4_200 ms → "4.2 s". */
export function duration(ms: number): string {
  if (ms < 60_000) return `${num(ms / 1000, ms < 10_000 ? 2 : 1)} s`;
  if (ms < 3_600_000) return `${num(ms / 60_000, 1)} min`;
  return `${num(ms / 3_600_000, 1)} h`;
}
