import { describe, expect, it } from "vitest";
import {
  parseProcStat,
  parseProcStatus,
  parseSystemBusyMs,
  sampleProc,
  sampleSystemBusyMs,
} from "./proc-stats.ts";

/** Excerpt of /proc/<pid>/status of a node process (recorded). */
const STATUS = `Name:\tnode
Umask:\t0022
State:\tS (sleeping)
Pid:\t4127
VmPeak:\t 1207544 kB
VmSize:\t 1142008 kB
VmLck:\t       0 kB
VmPin:\t       0 kB
VmHWM:\t  241920 kB
VmRSS:\t   96512 kB
RssAnon:\t   60128 kB
Threads:\t11
`;

/** /proc/<pid>/stat whose command name contains spaces and a parenthesis. */
const STAT =
  "4127 (node (worker) x) S 4100 4127 4100 34816 4127 4194560 19541 0 0 0 1234 56 0 0 20 0 11 0 8342 1142008448 24128 18446744073709551615";

describe("proc-stats", () => {
  it("reads peak and current resident memory", () => {
    expect(parseProcStatus(STATUS)).toEqual({ hwmKb: 241920, rssKb: 96512 });
    expect(parseProcStatus("Name:\tkthreadd\n")).toBeNull();
  });

  it("reads utime and stime in ms even when the command name has spaces and parentheses", () => {
    expect(parseProcStat(STAT)).toEqual({ userMs: 12340, systemMs: 560 });
  });

  it("samples a live process, and returns null for one that does not exist", () => {
    const me = sampleProc(process.pid);
    expect(me!.hwmKb).toBeGreaterThanOrEqual(me!.rssKb);
    expect(me!.rssKb * 1024).toBeGreaterThan(process.memoryUsage().heapUsed);
    expect(me!.userMs).toBeGreaterThan(0);
    expect(sampleProc(2 ** 22 + 1)).toBeNull();
  });
});

describe("parseSystemBusyMs", () => {
  it("counts user, nice, system, irq and softirq of the aggregate line, not idle, iowait or steal", () => {
    const text = "cpu  137470 5 20346 327929 591 7 173 135 0 0\ncpu0 65221 0 10376 167521 122 0 33 64 0 0\n";
    // (137470 + 5 + 20346 + 7 + 173) ticks of 10 ms.
    expect(parseSystemBusyMs(text)).toBe(1_580_010);
    expect(parseSystemBusyMs("intr 1 2 3\n")).toBeNull();
  });

  it("reads this machine's /proc/stat, and it only grows", () => {
    const a = sampleSystemBusyMs();
    expect(a).toBeGreaterThan(0);
    expect(sampleSystemBusyMs()).toBeGreaterThanOrEqual(a!);
  });
});
