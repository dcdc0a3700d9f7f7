import { type ChildProcess, spawn } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { tsxImportUrl } from "../../packages/bench/src/isolation/tsx-import.ts";
import type { Verdict } from "./outcomes.ts";
import type { Job, Reply } from "./worker.ts";

const WORKER = new URL("./worker.ts", import.meta.url).pathname;

/** Peak resident set of a process since the last reset, in MiB (VmHWM, proc(5)). */
function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? 0) / 1024;
}

/** Writing 5 to clear_refs resets the peak resident set to the current one (proc(5), Linux ≥ 4.0). */
function resetPeak(pid: number): void {
  writeFileSync(`/proc/${pid}/clear_refs`, "5");
}

export interface WorkerOptions {
  /** A job still unanswered after this long is a hang: the worker is killed and replaced. */
  timeoutMs: number;
  /** A job whose peak RSS passes this is a memory blow-up, whatever its answer. */
  memoryBoundMb: number;
  /** TMPDIR for the worker: whatever it creates stays inside the fuzz run's directory. */
  tmpDir: string;
}

/**
 * One fuzz worker process at a time (worker.ts under tsx, --expose-gc). `run` answers every job with
 * a verdict: the worker's own answer, or crash (it died: signal, exit, native abort), hang (timeout),
 * memory (peak RSS over the bound during the job).
 */
export class WorkerPool {
  private child: ChildProcess | undefined;
  private stderr = "";
  constructor(private readonly opts: WorkerOptions) {}

  private async start(): Promise<ChildProcess> {
    const child = spawn(process.execPath, ["--expose-gc", "--import", tsxImportUrl(), WORKER], {
      stdio: ["ignore", "ignore", "pipe", "ipc"],
      env: { ...process.env, TMPDIR: this.opts.tmpDir, EDGESEG_LOG_LEVEL: "silent" },
    });
    this.stderr = "";
    child.stderr!.on("data", (c: Buffer) => {
      this.stderr = (this.stderr + c.toString()).slice(-2000);
    });
    await new Promise<void>((resolve, reject) => {
      child.once("message", () => resolve());
      child.once("exit", (code) =>
        reject(new Error(`fuzz worker exited at start (${code}): ${this.stderr}`)),
      );
    });
    child.once("exit", () => {
      if (this.child === child) this.child = undefined;
    });
    this.child = child;
    return child;
  }

  async run(job: Job): Promise<Verdict> {
    const child = this.child ?? (await this.start());
    const pid = child.pid!;
    resetPeak(pid);
    const answer = await new Promise<Reply | { outcome: "crash" | "hang"; detail: string }>((resolve) => {
      const timer = setTimeout(() => {
        cleanup();
        resolve({ outcome: "hang", detail: `no answer after ${this.opts.timeoutMs} ms` });
      }, this.opts.timeoutMs);
      const onMessage = (reply: Reply) => {
        cleanup();
        resolve(reply);
      };
      const onExit = (code: number | null, signal: string | null) => {
        cleanup();
        resolve({
          outcome: "crash",
          detail: `worker died (${signal ?? `exit ${code}`}): ${this.stderr.trim()}`,
        });
      };
      const cleanup = () => {
        clearTimeout(timer);
        child.off("message", onMessage);
        child.off("exit", onExit);
      };
      child.on("message", onMessage);
      child.on("exit", onExit);
      child.send(job);
    });
    let peak = 0;
    try {
      peak = peakRssMb(pid);
    } catch {
      // the worker is gone (crash): no peak to read
    }
    if (answer.outcome === "crash" || answer.outcome === "hang") await this.discard();
    if (peak > this.opts.memoryBoundMb && answer.outcome !== "crash") {
      return {
        outcome: "memory",
        detail: `peak RSS ${peak.toFixed(0)} MiB (${answer.outcome}: ${answer.detail})`,
      };
    }
    return { outcome: answer.outcome, detail: answer.detail };
  }

  private async discard(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.kill("SIGKILL");
    await exited;
  }

  async close(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child) return;
    const exited = new Promise((r) => child.once("exit", r));
    child.disconnect();
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await exited;
    clearTimeout(timer);
  }
}
