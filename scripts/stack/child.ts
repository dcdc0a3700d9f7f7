import { spawn } from "node:child_process";
import { closeSync, openSync, readFileSync } from "node:fs";

export interface Child {
  name: string;
  pid: number;
  logFile: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** The last lines of its log, for error messages. */
  tail(lines?: number): string;
  /**
   * SIGTERM to the process alone (the hub, the agent and Next each shut down cleanly on it; the agent
   * ends its own benchmark child), then SIGKILL to its whole process group after `graceMs`, and
   * SIGKILL to the group once it has exited, so nothing it started outlives it.
   */
  stop(graceMs?: number): Promise<void>;
}

const live = new Set<Child>();

// Last resort when the orchestrator exits without stopping its children (an uncaught error).
process.once("exit", () => {
  for (const child of live) killGroup(child.pid, "SIGKILL");
});

/**
 * Stops every child still running, the agent first: it finishes or abandons its run and reports
 * offline while the hub still listens; then the others together.
 */
export async function stopChildren(): Promise<void> {
  const agents = [...live].filter((c) => c.name === "edgeseg-agent");
  await Promise.all(agents.map((c) => c.stop(15_000)));
  await Promise.all([...live].map((c) => c.stop(10_000)));
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Starts a long-running child in its own process group, its stdout and stderr appended to `logFile`.
 * Its own group keeps the terminal's Ctrl-C away from it: the orchestrator stops children in order
 * (the agent first, so it can say offline while the hub still listens).
 */
export function startChild(opts: {
  name: string;
  command: string;
  args: string[];
  logFile: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
}): Child {
  const fd = openSync(opts.logFile, "a");
  const proc = spawn(opts.command, opts.args, {
    cwd: opts.cwd,
    env: opts.env,
    stdio: ["ignore", fd, fd],
    detached: true,
  });
  closeSync(fd);
  if (proc.pid === undefined) throw new Error(`could not start ${opts.name} (${opts.command})`);
  const pid = proc.pid;
  let done = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    proc.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const child: Child = {
    name: opts.name,
    pid,
    logFile: opts.logFile,
    exited,
    hasExited: () => done,
    tail: (lines = 15) => tailOf(opts.logFile, lines),
    async stop(graceMs = 15_000) {
      if (!done) proc.kill("SIGTERM");
      const timer = setTimeout(() => killGroup(pid, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      killGroup(pid, "SIGKILL");
      live.delete(child);
    },
  };
  live.add(child);
  // Exited by itself: its group may still hold a grandchild.
  void exited.then(() => killGroup(pid, "SIGKILL"));
  return child;
}

export function tailOf(file: string, lines: number): string {
  try {
    return readFileSync(file, "utf8").trimEnd().split("\n").slice(-lines).join("\n");
  } catch {
    return "(no log)";
  }
}
