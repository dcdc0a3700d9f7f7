import { readFileSync } from "node:fs";

/**
 * USER_HZ, the unit of utime/stime in /proc/<pid>/stat (proc(5)). It is part of the kernel ABI and is
 * 100 on every architecture edgeseg runs on (x86, arm, arm64), whatever the kernel's internal HZ.
 */
const USER_HZ = 100;

export interface ProcSample {
  /** VmHWM: peak resident set size so far, kB. */
  hwmKb: number;
  /** VmRSS: resident set size now, kB. */
  rssKb: number;
  userMs: number;
  systemMs: number;
}

/** VmHWM and VmRSS from /proc/<pid>/status ("VmHWM:\t  81234 kB"). */
export function parseProcStatus(text: string): { hwmKb: number; rssKb: number } | null {
  const hwm = /^VmHWM:\s+(\d+) kB/m.exec(text);
  const rss = /^VmRSS:\s+(\d+) kB/m.exec(text);
  return hwm && rss ? { hwmKb: Number(hwm[1]), rssKb: Number(rss[1]) } : null;
}

/**
 * utime and stime (fields 14 and 15) from /proc/<pid>/stat. Field 2, the command name, is in
 * parentheses and may itself contain spaces and ")", so fields are counted after the last ")".
 */
export function parseProcStat(text: string): { userMs: number; systemMs: number } | null {
  const after = text.slice(text.lastIndexOf(")") + 2).split(" ");
  // `after` starts at field 3 (state), so field n is after[n - 3].
  const utime = Number(after[11]);
  const stime = Number(after[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
  return { userMs: (utime * 1000) / USER_HZ, systemMs: (stime * 1000) / USER_HZ };
}

/** One sample of a live process; null once it has exited or where /proc does not exist. */
export function sampleProc(pid: number): ProcSample | null {
  try {
    const status = parseProcStatus(readFileSync(`/proc/${pid}/status`, "utf8"));
    const stat = parseProcStat(readFileSync(`/proc/${pid}/stat`, "utf8"));
    return status && stat ? { ...status, ...stat } : null;
  } catch {
    return null;
  }
}

/**
 * Non-idle CPU time of the whole system so far, from the aggregate "cpu" line of /proc/stat (proc(5):
 * user nice system idle iowait irq softirq steal …, in USER_HZ): user + nice + system + irq + softirq.
 * Idle, iowait and steal (time the hypervisor gave to others) are not busy.
 */
export function parseSystemBusyMs(text: string): number | null {
  const m = /^cpu\s+(.*)$/m.exec(text);
  if (!m) return null;
  const [user, nice, system, , , irq, softirq] = m[1]!.trim().split(/\s+/).map(Number);
  const busy = [user, nice, system, irq ?? 0, softirq ?? 0];
  if (busy.some((v) => v === undefined || !Number.isFinite(v))) return null;
  return (busy.reduce((a, b) => a! + b!, 0)! * 1000) / USER_HZ;
}

/** parseSystemBusyMs of this machine's /proc/stat; null where /proc does not exist. */
export function sampleSystemBusyMs(): number | null {
  try {
    return parseSystemBusyMs(readFileSync("/proc/stat", "utf8"));
  } catch {
    return null;
  }
}
