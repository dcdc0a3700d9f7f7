// Entry of a job's child process, started by the daemon for each job (job-process.ts): the dataset,
// the benchmark's parent side and the fine-tuning run here, so the idle daemon keeps none of that
// code or its state once the job ends. The release bundle ships it as job-child.mjs beside agent.mjs.
import { isAppError } from "@edgeseg/protocol";
import { type FromJobChild, type JobDecision, jobWorkInputSchema } from "./job-messages.ts";
import { runJobWork } from "./job-work.ts";

/** Exit code when the daemon disappears: nobody is left to receive the result (sysexits EX_SOFTWARE). */
const PARENT_GONE = 70;

if (!process.send) {
  console.error(
    "job-child: this is the agent daemon's job process; start the agent with `edgeseg-agent run`.",
  );
  process.exit(2);
}
// The benchmark's own child sees its IPC channel close with this process and exits too.
process.on("disconnect", () => process.exit(PARENT_GONE));
// Ctrl-C in a terminal signals the whole process group: the daemon decides (its shutdown grace), and
// the benchmark child, which the signal ends, becomes a failed run the daemon discards as a shutdown.
process.on("SIGINT", () => undefined);

const send = (msg: FromJobChild) =>
  new Promise<void>((resolve) => {
    try {
      process.send!(msg, undefined, {}, () => resolve());
    } catch {
      resolve();
    }
  });

const abort = new AbortController();
let decided: ((d: JobDecision) => void) | null = null;
let started = false;

process.on("message", (raw: { type?: string; input?: unknown; message?: string; at?: string }) => {
  if (raw?.type === "input" && !started) {
    started = true;
    void work(raw.input);
  } else if (raw?.type === "abort") {
    abort.abort();
    decided?.({ type: "abort" });
  } else if (raw?.type === "run") decided?.({ type: "run" });
  else if (raw?.type === "give-up")
    decided?.({ type: "give-up", message: String(raw.message), at: String(raw.at) });
});

async function work(raw: unknown): Promise<void> {
  let outcome: FromJobChild;
  try {
    const input = jobWorkInputSchema.parse(raw);
    const result = await runJobWork(input, {
      progress: (update) => void send({ type: "progress", update }),
      log: {
        info: (fields, msg) => void send({ type: "log", level: "info", fields, msg }),
        warn: (fields, msg) => void send({ type: "log", level: "warn", fields, msg }),
      },
      signal: abort.signal,
      prepared: (datasetDir) =>
        new Promise<JobDecision>((resolve) => {
          if (abort.signal.aborted) return resolve({ type: "abort" });
          decided = resolve;
          void send({ type: "prepared", datasetDir });
        }),
    });
    outcome = result.type === "result" ? { type: "result", doc: result.doc } : result;
  } catch (error) {
    outcome = isAppError(error)
      ? { type: "error", code: error.code, message: error.message }
      : { type: "error", code: "INTERNAL", message: String((error as Error)?.message ?? error) };
  }
  await send(outcome);
  process.exit(0);
}
