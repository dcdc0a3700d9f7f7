import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

export interface LogLine {
  msg?: string;
  level?: number;
  [key: string]: unknown;
}

export interface Running {
  child: ChildProcess;
  pid: number;
  /** stdout lines parsed as JSON (pino); other lines are kept as `{ msg: <text> }`. */
  lines: LogLine[];
  /** Everything written to stdout and stderr, for failure messages. */
  output(): string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  hasExited(): boolean;
  /** SIGTERM, then SIGKILL to the whole process group after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** SIGKILL to the process alone (its children live on, as after a real kill -9). */
  kill9(): Promise<void>;
  /**
   * From now on keeps only JSON log lines at `minLevel` or above (default: none) and no raw text; a
   * long load run would otherwise hold every log line.
   */
  discardOutput(minLevel?: number): void;
}

const live = new Set<Running>();

// Last resort if a test run dies without its cleanup: nothing a test started outlives it.
process.once("exit", () => {
  for (const r of live) killGroup(r.pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/**
 * Spawns a process in its own process group (so a benchmark child it leaves behind after kill -9 is
 * still found and stopped), capturing its output. Every process is remembered until it has exited.
 */
export function spawnTracked(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Running {
  const child = spawn(command, args, {
    cwd: opts.cwd ?? repoRoot,
    env: opts.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const lines: LogLine[] = [];
  let text = "";
  let buffer = "";
  let done = false;
  let keep = true;
  let minLevel = 0;
  child.stdout!.on("data", (chunk: Buffer) => {
    if (keep) text += chunk.toString();
    buffer += chunk.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const line = buffer.slice(0, i);
      buffer = buffer.slice(i + 1);
      if (!line.trim()) continue;
      if (keep) lines.push(parseLine(line));
      else if (Number(/"level":(\d+)/.exec(line)?.[1] ?? 0) >= minLevel) lines.push(parseLine(line));
    }
  });
  child.stderr!.on("data", (chunk: Buffer) => {
    if (keep) text += chunk.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  const running: Running = {
    child,
    pid: child.pid,
    lines,
    output: () => text,
    exited,
    hasExited: () => done,
    async stop(graceMs = 10_000) {
      if (!done) child.kill("SIGTERM");
      const timer = setTimeout(() => killGroup(child.pid!, "SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
      // Anything it started and left behind (e.g. a benchmark child) goes too.
      killGroup(child.pid!, "SIGKILL");
      live.delete(running);
    },
    async kill9() {
      if (!done) child.kill("SIGKILL");
      await exited;
    },
    discardOutput(level = Number.POSITIVE_INFINITY) {
      keep = false;
      minLevel = level;
      text = "";
      lines.length = 0;
    },
  };
  live.add(running);
  return running;
}

function parseLine(line: string): LogLine {
  try {
    const value = JSON.parse(line) as unknown;
    if (value && typeof value === "object" && !Array.isArray(value)) return value as LogLine;
  } catch {
    // not JSON: a plain line
  }
  return { msg: line };
}

/** Stops every process still tracked (afterAll / afterEach safety net). */
export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((r) => r.stop(3000)));
}
