import { readdirSync, readFileSync } from "node:fs";

/** The engine's benchmark child: `node --import tsx … packages/bench/src/run/child.ts`, or the release bundle's child.mjs. */
const BENCH_CHILD = /[/\\](run[/\\]child\.ts|child\.mjs)(\0|$)/;

/**
 * Kills this process's benchmark child (SIGKILL) and returns how many it killed. runBenchmark takes no
 * cancellation signal, so the child is found through Linux's /proc/<pid>/task/<tid>/children and
 * recognised by its command line — other children (tsx's esbuild service) are left alone.
 */
export function killBenchmarkRun(pid = process.pid): number {
  let killed = 0;
  for (const child of benchmarkChildren(pid)) {
    try {
      process.kill(child, "SIGKILL");
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

/** Pids of `pid`'s children that are benchmark runs. */
export function benchmarkChildren(pid: number): number[] {
  return childPids(pid).filter((child) => {
    try {
      return BENCH_CHILD.test(readFileSync(`/proc/${child}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  });
}

function childPids(pid: number): number[] {
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
