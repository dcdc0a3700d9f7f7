import { readFileSync } from "node:fs";

/** Linux's USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s on every architecture edgeseg runs on. */
const TICKS_PER_SECOND = 100;

/**
 * CPU seconds (user + system) the processes have used so far, from /proc/<pid>/stat (fields 14 and
 * 15). Unlike wall time on a shared machine, it does not grow while another process holds the core:
 * per message it is the cost of ingest itself. A process that has exited counts 0.
 */
export function cpuSeconds(pids: number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    // The command name (field 2) may hold spaces; the fields after its closing parenthesis do not.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks / TICKS_PER_SECOND;
}
