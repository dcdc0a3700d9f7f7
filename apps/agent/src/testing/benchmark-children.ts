import { readdirSync, readFileSync } from "node:fs";

/** The engine's benchmark child: `node --import tsx … packages/bench/src/run/child.ts`, or the bundle's child.mjs. */
const BENCH_CHILD = /[/\\](run[/\\]child\.ts|child\.mjs)(\0|$)/;

/**
 * Pids of `pid`'s descendants that are benchmark runs (the daemon's job process starts them), from
 * Linux's /proc/<pid>/task/<tid>/children and each process's command line: tests watch the process
 * tree with it (the agent itself cancels a run through an AbortSignal and never looks processes up).
 */
export function benchmarkChildren(pid: number): number[] {
  return descendantPids(pid).filter((child) => {
    try {
      return BENCH_CHILD.test(readFileSync(`/proc/${child}/cmdline`, "utf8"));
    } catch {
      return false;
    }
  });
}

/** Every process below `pid`, children first. */
export function descendantPids(pid: number): number[] {
  const out: number[] = [];
  for (let queue = childPids(pid); queue.length > 0; ) {
    const next = queue.shift()!;
    out.push(next);
    queue.push(...childPids(next));
  }
  return out;
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
