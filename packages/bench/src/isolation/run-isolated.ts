import { fork } from "node:child_process";
import { existsSync } from "node:fs";
import { isAbsolute } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { classifyExit, type ExitFacts } from "./classify.ts";
import { childMessageSchema, type SelfUsage } from "./messages.ts";
import { ResourceMonitor } from "./resource-monitor.ts";
import { TailBuffer } from "./tail-buffer.ts";
import { tsxImportUrl } from "./tsx-import.ts";
import type { IsolatedOutcome, RunIsolatedOptions } from "./types.ts";

/** After sending its result a child exits at once; one that lingers (a stuck native thread) is killed. */
const EXIT_GRACE_MS = 5000;

/**
 * Runs `entry` in a child Node process and returns its value with what it cost: wall and CPU time,
 * peak resident memory and RAM-time, temperatures, clocks, throttling signals and energy. A crash, an out-of-memory kill, a timeout
 * or an error in the child becomes `{ ok: false, failure }`; this function does not throw for them,
 * so one bad model cannot take the agent down, and the child's peak memory is the model's alone.
 */
export async function runIsolated<I, O>(opts: RunIsolatedOptions<I>): Promise<IsolatedOutcome<O>> {
  if (!isAbsolute(opts.entry) || !existsSync(opts.entry)) {
    throw new AppError(
      "INPUT",
      `runIsolated: entry must be an absolute path to an existing module, got "${opts.entry}".`,
    );
  }
  const monitor = new ResourceMonitor(opts.sensorsRoot ?? "/", opts.monitor);
  // Readings "before the run" (vcgencmd flags, the first energy sample) are taken before the child starts.
  await monitor.ready;
  const stderr = new TailBuffer();
  const child = fork(opts.entry, [], {
    // Under qemu-user without binfmt_misc, this Node's own binary cannot be exec'd by the kernel: a
    // launcher (e.g. `exec qemu-aarch64-static -L / node "$@"`) starts the child (tests/field/qemu.test.ts).
    execPath: process.env.EDGESEG_CHILD_NODE || process.execPath,
    // A bundled JavaScript entry (the release bundle's child.mjs) runs without tsx.
    execArgv: [...(opts.entry.endsWith(".ts") ? ["--import", tsxImportUrl()] : []), ...(opts.execArgv ?? [])],
    serialization: "advanced",
    stdio: ["ignore", "ignore", "pipe", "ipc"],
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    // Node kills the child with killSignal when the signal aborts (and at once if it already has).
    ...(opts.signal ? { signal: opts.signal, killSignal: "SIGKILL" as const } : {}),
  });
  child.stderr?.on("data", (chunk: Buffer) => stderr.write(chunk));

  let result: { value: O; usage: SelfUsage } | null = null;
  let childError: ExitFacts["childError"] = null;
  let usage: SelfUsage | null = null;
  let killedFor: ExitFacts["killedFor"] = null;
  let spawnError: Error | null = null;
  let graceTimer: NodeJS.Timeout | undefined;
  const kill = (why: NonNullable<ExitFacts["killedFor"]> | null) => {
    if (!killedFor && !result) killedFor = why;
    child.kill("SIGKILL");
  };
  // fork() does the killing on abort; this only names why the child died.
  const onAbort = () => {
    if (!killedFor && !result)
      killedFor = { reason: "error", message: "was cancelled while running and killed" };
  };
  if (opts.signal?.aborted) onAbort();
  opts.signal?.addEventListener("abort", onAbort, { once: true });
  if (child.pid !== undefined) opts.onSpawn?.(child.pid);

  const sendInput = () => {
    try {
      child.send({ type: "input", input: opts.input });
    } catch (error) {
      // Input that cannot be cloned (functions, native handles) is the caller's mistake, reported as an error.
      childError = {
        message: `the input could not be sent to the child: ${(error as Error).message}`,
        code: "USAGE",
      };
      kill(null);
    }
  };

  child.on("message", (raw) => {
    const msg = childMessageSchema.safeParse(raw);
    if (!msg.success) return;
    const m = msg.data;
    if (m.type === "progress") {
      try {
        opts.onMessage?.(m.payload);
      } catch {
        // A failing progress listener must not lose the run it is reporting on.
      }
    } else if (m.type === "result") {
      result = { value: m.value as O, usage: m.usage };
      usage = m.usage;
      graceTimer = setTimeout(() => kill(null), EXIT_GRACE_MS);
    } else {
      childError = { message: m.message, code: m.code };
      usage = m.usage;
    }
  });

  const sampleEvery = opts.sampleIntervalMs ?? 200;
  const sampler = setInterval(() => {
    if (child.pid === undefined || result) return;
    const peakMb = monitor.sample(child.pid);
    if (opts.memoryLimitMb !== undefined && peakMb > opts.memoryLimitMb) {
      kill({
        reason: "out-of-memory",
        message: `used more than the ${opts.memoryLimitMb} MB memory limit (peak resident ${Math.round(peakMb)} MB) and was killed`,
      });
    }
  }, sampleEvery);
  const timer = setTimeout(
    () =>
      kill({
        reason: "timeout",
        message: `did not finish within the ${opts.timeoutMs / 1000} s time limit and was killed`,
      }),
    opts.timeoutMs,
  );

  const { exitCode, signal } = await new Promise<{ exitCode: number | null; signal: NodeJS.Signals | null }>(
    (resolve) => {
      child.once("close", (exitCode, signal) => resolve({ exitCode, signal }));
      child.once("error", (error) => {
        // Only a failed spawn ends the run here; later errors (a kill, an abort, a send on a dead child)
        // are followed by "close".
        if (child.pid !== undefined) return;
        spawnError = error;
        resolve({ exitCode: null, signal: null });
      });
      if (child.pid !== undefined) sendInput();
    },
  );
  clearInterval(sampler);
  clearTimeout(timer);
  clearTimeout(graceTimer);
  opts.signal?.removeEventListener("abort", onAbort);

  const { resources, energyTrace } = await monitor.finish(usage);
  if (result) return { ok: true, value: (result as { value: O }).value, resources, energyTrace };
  if (spawnError) {
    const message = `could not start the child process: ${(spawnError as Error).message}`;
    return {
      ok: false,
      failure: { reason: "error", message, exitCode: null, signal: null },
      resources,
      energyTrace,
    };
  }
  const failure = classifyExit({ exitCode, signal, killedFor, childError, stderrTail: stderr.lastLines(20) });
  return { ok: false, failure, resources, energyTrace };
}
