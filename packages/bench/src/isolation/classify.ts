import type { IsolatedFailure } from "./types.ts";

export interface ExitFacts {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the parent killed the child itself (memory limit, timeout, the caller's AbortSignal). */
  killedFor: { reason: "out-of-memory" | "timeout" | "error"; message: string } | null;
  /** The error the child reported through childMain, if it got that far. */
  childError: { message: string; code: string | null } | null;
  stderrTail: string;
}

/**
 * Memory exhaustion as V8, Node, ONNX Runtime (native and WASM) and libc word it. The V8 lines come from
 * its fatal OOM handler ("FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory").
 */
const OUT_OF_MEMORY =
  /JavaScript heap out of memory|Reached heap limit|Array buffer allocation failed|std::bad_alloc|Failed to allocate memory|Cannot allocate memory|Out of memory|Maximum memory size exceeded/i;

/** Bounded: the failure message is at most 2000 characters in the result document. */
const STDERR_CHARS = 1500;

/** Decides why a child that sent no result ended. */
export function classifyExit(f: ExitFacts): IsolatedFailure {
  const base = { exitCode: f.exitCode, signal: f.signal };
  if (f.killedFor) return { reason: f.killedFor.reason, message: f.killedFor.message, ...base };
  if (f.childError) {
    const reason = OUT_OF_MEMORY.test(f.childError.message) ? "out-of-memory" : "error";
    const message = clip(f.childError.message, 2000);
    return { reason, message, ...base, ...(f.childError.code ? { code: f.childError.code } : {}) };
  }
  const stderr = clip(f.stderrTail, STDERR_CHARS, true);
  const withStderr = (text: string) => (stderr ? `${text}; last stderr lines:\n${stderr}` : text);
  if (f.signal === "SIGKILL") {
    const message =
      "killed by SIGKILL that edgeseg did not send: most likely the kernel's OOM killer (see `dmesg` or `journalctl -k`)";
    return { reason: "out-of-memory", message, ...base };
  }
  const oomLine = f.stderrTail.split("\n").find((line) => OUT_OF_MEMORY.test(line));
  if (oomLine)
    return {
      reason: "out-of-memory",
      message: withStderr(`ran out of memory: ${clip(oomLine.trim(), 300)}`),
      ...base,
    };
  if (f.signal) return { reason: "crash", message: withStderr(`killed by signal ${f.signal}`), ...base };
  if (f.exitCode !== 0)
    return { reason: "crash", message: withStderr(`exited with code ${f.exitCode}`), ...base };
  return { reason: "crash", message: withStderr("exited without sending a result"), ...base };
}

function clip(text: string, max: number, keepEnd = false): string {
  if (text.length <= max) return text;
  return keepEnd ? `…${text.slice(-(max - 1))}` : `${text.slice(0, max - 1)}…`;
}
