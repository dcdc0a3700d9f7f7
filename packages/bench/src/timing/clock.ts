/**
 * The one clock every edgeseg timing uses: process.hrtime.bigint() is monotonic (never jumps with
 * NTP or a wall-clock change) and counts nanoseconds, as LoadGen's std::chrono::high_resolution_clock.
 */
export const now: () => bigint = () => process.hrtime.bigint();

export function elapsedMs(start: bigint, end: bigint = now()): number {
  return Number(end - start) / 1e6;
}
