/**
 * RAM-time: resident memory integrated over wall time, in GB·s (GB = 1024 MB, the unit of peakRssMb),
 * as the FLARE "on laptop" challenges report memory use over a whole run rather than its peak alone.
 * Trapezoid rule over the /proc samples of the child, from its first to its last sample; so it never
 * exceeds peak resident memory × wall time.
 */
export class RamTime {
  private last: { atMs: number; rssKb: number } | null = null;
  private kbMs = 0;
  private samples = 0;

  add(atMs: number, rssKb: number): void {
    if (this.last) this.kbMs += ((this.last.rssKb + rssKb) / 2) * (atMs - this.last.atMs);
    this.last = { atMs, rssKb };
    this.samples++;
  }

  /** null with fewer than two samples (a child that lived less than one sampling interval). */
  get gbS(): number | null {
    return this.samples < 2 ? null : this.kbMs / (1024 * 1024) / 1000;
  }
}
