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
