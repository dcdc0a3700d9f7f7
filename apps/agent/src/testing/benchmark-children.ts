import { readdirSync, readFileSync } from "node:fs";

/** The engine's benchmark child: `node --import tsx … packages/bench/src/run/child.ts`, or the bundle's child.mjs. */
const BENCH_CHILD = /[/\\](run[/\\]child\.ts|child\.mjs)(\0|$)/;

/**
 * Pids of `pid`'s children that are benchmark runs, from Linux's /proc/<pid>/task/<tid>/children and
 * each child's command line: tests watch the process tree with it (the agent itself cancels a run
 * through runBenchmark's AbortSignal and never looks processes up).
 */
export function benchmarkChildren(pid: number): number[] {
  return childPids(pid).filter((child) => {
    try {
      return BENCH_CHILD.test(readFileSync(`/proc/${child}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  });
}

/** Direct children of `pid` (all of its threads'). */
export function childPids(pid: number): number[] {
  const pids: number[] = [];
  let tasks: string[] = [];
  try {
    tasks = readdirSync(`/proc/${pid}/task`);
  } catch {
    return pids;
  }
  for (const tid of tasks) {
    try {
      const text = readFileSync(`/proc/${pid}/task/${tid}/children`, "utf8");
      for (const p of text.split(/\s+/)) if (p) pids.push(Number(p));
    } catch {
      // a thread that ended meanwhile
    }
  }
  return pids;
}
