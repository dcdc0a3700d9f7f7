import { cpus } from "node:os";

export interface CpuTimes {
  busy: number;
  total: number;
}

/** Summed CPU times over all cores (ms since boot), as the kernel's /proc/stat reports them. */
export function cpuTimes(): CpuTimes {
  let busy = 0;
  let total = 0;
  for (const { times } of cpus()) {
    const all = times.user + times.nice + times.sys + times.idle + times.irq;
    busy += all - times.idle;
    total += all;
  }
  return { busy, total };
}

/** Percent of all cores busy between two samples (100 = every core busy the whole time). */
export function cpuPercent(before: CpuTimes, after: CpuTimes): number {
  const total = after.total - before.total;
  if (total <= 0) return 0;
  return Math.min(100, Math.max(0, (100 * (after.busy - before.busy)) / total));
}
