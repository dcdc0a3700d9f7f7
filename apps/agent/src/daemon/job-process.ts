import { fork } from "node:child_process";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { AppError, type ResultDocument, resultDocumentSchema } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { fromJobChildSchema, type JobDecision, type JobWorkInput, type ToJobChild } from "./job-messages.ts";
import type { ProgressUpdate } from "./progress.ts";

// The release bundle (scripts/build-agent.ts) ships the job's child as job-child.mjs beside agent.mjs.
const bundled = Boolean(process.env.EDGESEG_AGENT_BUNDLED_VERSION);
const entry = bundled
  ? fileURLToPath(new URL("./job-child.mjs", import.meta.url))
  : fileURLToPath(new URL("./job-child.ts", import.meta.url));

/** Characters of the child's stderr quoted when it dies without an answer. */
const STDERR_CHARS = 1500;

export interface JobProcessOptions {
  input: JobWorkInput;
  /** Aborted by cancel-job or a shutdown: the child stops between steps and kills a running benchmark. */
  signal: AbortSignal;
  log: Logger;
  onProgress(update: ProgressUpdate): void;
  /** The dataset is prepared: count the run's start (durably), then say whether and how to run. */
  onPrepared(datasetDir: string): Promise<JobDecision>;
}

/**
 * Runs a job's work (job-work.ts) in a child Node process and relays its progress, logs and result.
 * The daemon thus never loads the dataset code, the phantom, the suites' verification, the engine's
 * run bookkeeping or the fine-tuning modules: they live and end with the job's process, and the idle
 * daemon stays at its start-up footprint (docs/performance.md). An error the child reports is thrown
 * as the same AppError; a child that dies without answering is a RUNTIME error with its stderr.
 */
export async function runJobProcess(
  opts: JobProcessOptions,
): Promise<{ type: "result"; doc: ResultDocument } | { type: "stopped" }> {
  const child = fork(entry, [], {
    // Under qemu-user without binfmt_misc a launcher starts Node's children (as for the benchmark's).
    execPath: process.env.EDGESEG_CHILD_NODE || process.execPath,
    // Not the daemon's V8 flags (sized for idling): the job process generates datasets and hashes.
    execArgv: bundled ? [] : ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href],
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-STDERR_CHARS);
  });
  const send = (msg: ToJobChild) => {
    if (!child.connected) return;
    try {
      child.send(msg);
    } catch {
      // The child is gone: its exit ends the job below.
    }
  };
  const onAbort = () => send({ type: "abort" });
  // Set from the message handler; read once the child has exited.
  const got: { answer: { type: "result"; doc: ResultDocument } | { type: "stopped" } | AppError | null } = {
    answer: null,
  };

  child.on("message", (raw) => {
    const parsed = fromJobChildSchema.safeParse(raw);
    if (!parsed.success) {
      opts.log.warn({ err: parsed.error.issues[0]?.message }, "job process: dropped a malformed message");
      return;
    }
    const m = parsed.data;
    if (m.type === "progress") opts.onProgress(m.update);
    else if (m.type === "log") opts.log[m.level](m.fields, m.msg);
    else if (m.type === "prepared")
      void opts.onPrepared(m.datasetDir).then(send, (error: unknown) => {
        got.answer = new AppError(
          "INTERNAL",
          `could not record the run's start: ${(error as Error).message}`,
        );
        child.kill("SIGKILL");
      });
    else if (m.type === "stopped") got.answer ??= m;
    else if (m.type === "error") got.answer ??= new AppError(m.code, m.message);
    else {
      const doc = resultDocumentSchema.safeParse(m.doc);
      got.answer ??= doc.success
        ? { type: "result", doc: doc.data }
        : new AppError("INTERNAL", `the job process sent an invalid result: ${doc.error.issues[0]?.message}`);
    }
  });

  const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null; error?: Error }>(
    (resolve) => {
      child.once("close", (code, signal) => resolve({ code, signal }));
      child.once("error", (error) => {
        // Only a failed spawn ends the job here; later errors (a send to a dead child) precede "close".
        if (child.pid === undefined) resolve({ code: null, signal: null, error });
      });
      if (child.pid === undefined) return;
      send({ type: "input", input: opts.input });
      if (opts.signal.aborted) onAbort();
      else opts.signal.addEventListener("abort", onAbort, { once: true });
    },
  );
  opts.signal.removeEventListener("abort", onAbort);
  const done = got.answer;
  if (done instanceof AppError) throw done;
  if (done) return done;
  const how = exit.error
    ? `could not be started: ${exit.error.message}`
    : exit.signal
      ? `was killed by signal ${exit.signal}`
      : `exited with code ${exit.code}`;
  const tail = stderr.trim() ? `; last stderr lines:\n${stderr.trim()}` : "";
  throw new AppError("RUNTIME", `the job's process ${how} before it sent a result${tail}`);
}
