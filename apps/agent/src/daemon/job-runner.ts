import { rm } from "node:fs/promises";
import { join } from "node:path";
import { AppError, isAppError, newEnvelope, type ResultDocument } from "@edgeseg/protocol";
import type { DaemonContext } from "./context.ts";
import { prepareJob } from "./job-prepare.ts";
import { runJobProcess } from "./job-process.ts";
import type { PendingJob } from "./job-store.ts";
import { type ProgressUpdate, throttleProgress } from "./progress.ts";

/**
 * A job attempt whose run was started this many times without finishing (the agent died with it) is
 * not started again: it gets a failed result, reason crash. One restart is allowed because a power cut
 * or a kill -9 says nothing about the model; a second one probably does (e.g. the kernel's OOM killer).
 * Only runs count: a death during preparation (download, dataset generation) is counted apart, since
 * the model never ran, and reported as a preparation failure (an error event), never as a crash.
 */
export const MAX_STARTS = 2;
/** Preparations of one job attempt interrupted by the agent's death before it gives up on it. */
export const MAX_PREPARES = 2;

type Stop = "cancelled" | "shutdown" | null;

/**
 * Runs accepted jobs one at a time, oldest first: fetch the artifacts, lay out the model, then the job's
 * child process (job-process.ts) verifies the dataset and runs the benchmark in its own child; the
 * result goes into the spool under the resultId chosen at acceptance. Preparation failures go to the
 * hub as an error event carrying the jobId.
 */
export function createJobRunner(ctx: DaemonContext) {
  const dataDir = () => ctx.config.dataDir;
  let working: Promise<void> | null = null;
  // `abort` cancels the job: its process stops between preparation steps, or kills the running benchmark
  // (runBenchmark passes the signal to fork()) and ends.
  let current: { pending: PendingJob; stop: Stop; abort: AbortController } | null = null;
  let stopping = false;

  async function runOne(p: PendingJob): Promise<void> {
    const { job } = p;
    const log = ctx.logger.child({ jobId: job.jobId, attempt: job.attempt });
    if (ctx.spool.has(p.resultId)) {
      // The agent stopped after spooling the result but before marking the job finished.
      log.info("result already spooled before a restart; not running the job again");
      await ctx.store.finish(p);
      return;
    }
    const state = { pending: p, stop: null as Stop, abort: new AbortController() };
    current = state;
    // The audit's window: from here to the finished document; the result message follows it.
    const closeWindow = ctx.egress.openWindow();
    const prepares = p.prepares + 1;
    let starts = p.starts;
    let running = false;
    await ctx.store.setCounts(p, { prepares });
    const runDir = join(dataDir(), "runs", p.key);
    const progress = throttleProgress((u) => void sendProgress(p, u));
    try {
      if (prepares > MAX_PREPARES) {
        const message = `the agent stopped during this job's preparation (artifact download, dataset generation) ${prepares - 1} times; not prepared again (the model never ran)`;
        log.warn(message);
        return await reportFailure(p, new AppError("RUNTIME", message));
      }
      const prepared = await prepareJob(ctx, p, runDir, progress, log, () => state.stop !== null);
      // Our own shutdown during preparation is not an interrupted preparation either.
      if (!prepared) return await stopped(p, state.stop, { prepares: prepares - 1 });
      // The dataset, the benchmark and the fine-tuning run in the job's child process (job-process.ts):
      // the daemon counts the run's start between its preparation and its run, and relays the rest.
      const outcome = await runJobProcess({
        input: {
          job,
          resultId: p.resultId,
          manifestPath: prepared.manifestPath,
          plan: prepared.plan,
          cacheDir: join(dataDir(), "cache"),
          // Skeletons are filled once per sha256 and kept across jobs.
          skeletonCacheDir: join(dataDir(), "skeletons"),
          agentVersion: ctx.agentVersion,
          localDataset: Boolean(ctx.config.datasets[job.dataset.id]),
        },
        signal: state.abort.signal,
        log,
        onProgress: progress,
        onPrepared: async (datasetDir) => {
          // Prepared: from here on a death of the agent counts against the run, not the preparation.
          starts = p.starts + 1;
          await ctx.store.setCounts(p, { prepares: 0, starts });
          running = true;
          if (state.stop) return { type: "abort" };
          if (starts > MAX_STARTS) {
            const message = `the agent stopped during this run ${starts - 1} times (power loss, a kill, or the system running out of memory); not started again`;
            log.warn(message);
            return { type: "give-up", message, at: ctx.now().toISOString() };
          }
          log.info({ model: job.model.id, dataset: datasetDir }, "benchmark started");
          return { type: "run" };
        },
      });
      if (outcome.type === "stopped" || state.stop)
        return await stopped(p, state.stop, running ? { starts: starts - 1 } : { prepares: prepares - 1 });
      const doc = outcome.doc;
      // Ctrl-C in a terminal signals the whole process group, the benchmark child included: a run that
      // failed while the agent shuts down measured the shutdown, not the model.
      if (stopping && doc.status === "failed") return await stopped(p, "shutdown", { starts: starts - 1 });
      progress({ phase: "finishing", done: 1, total: 1 });
      const egress = closeWindow();
      await spoolResult(p, { ...doc, egress });
      log.info(
        {
          resultId: p.resultId,
          status: doc.status,
          egressBytes: egress.bytesOut,
          egressMessages: egress.messages,
        },
        `benchmark ${doc.status}; result spooled`,
      );
    } catch (error) {
      // Stopped while preparing (starts not yet counted) or while running: undo that phase's count.
      if (state.stop)
        return await stopped(p, state.stop, running ? { starts: starts - 1 } : { prepares: prepares - 1 });
      const app = isAppError(error)
        ? error
        : new AppError("INTERNAL", String((error as Error)?.message ?? error));
      log.error({ code: app.code }, `job failed before producing a result: ${app.message}`);
      await reportFailure(p, app);
    } finally {
      current = null;
      await rm(runDir, { recursive: true, force: true }).catch(() => undefined);
    }
  }

  async function stopped(
    p: PendingJob,
    why: Stop,
    undo: Partial<Pick<PendingJob, "starts" | "prepares">>,
  ): Promise<void> {
    if (why === "cancelled") {
      // No result: the hub cancelled the job and a killed run measured nothing.
      ctx.logger.info(
        { jobId: p.job.jobId, attempt: p.job.attempt },
        "job cancelled by the hub; no result sent",
      );
      await ctx.store.finish(p);
    } else {
      // Our own shutdown is not a crash: the next start runs the job again from the top.
      await ctx.store.setCounts(p, undo);
    }
  }

  async function spoolResult(p: PendingJob, result: ResultDocument): Promise<void> {
    const message = {
      ...newEnvelope(ctx.config.deviceId, ctx.now()),
      jobId: p.job.jobId,
      attempt: p.job.attempt,
      result,
      // Signed as the hub will parse it: the device id, this document (docs/security.md).
      ...(ctx.sign ? { signature: ctx.sign(result) } : {}),
    };
    // Held until the job is marked finished: were the result delivered and deleted first, a crash in
    // between would leave a pending job with no spooled result, and it would run (and publish) again.
    ctx.publisher.hold(p.resultId);
    try {
      await ctx.sendReliably("results", message, p.resultId);
      await ctx.store.finish(p);
    } finally {
      ctx.publisher.release(p.resultId);
    }
  }

  async function reportFailure(p: PendingJob, error: AppError): Promise<void> {
    const event = {
      ...newEnvelope(ctx.config.deviceId, ctx.now()),
      code: error.code,
      message: error.message.slice(0, 2000),
      jobId: p.job.jobId,
    };
    await ctx
      .sendReliably("events", event, event.messageId)
      .catch((e) => ctx.logger.error({ err: (e as Error).message }, "could not spool the error event"));
    await ctx.store.finish(p);
  }

  async function sendProgress(p: PendingJob, u: ProgressUpdate): Promise<void> {
    await ctx.sendNow("progress", {
      ...newEnvelope(ctx.config.deviceId, ctx.now()),
      jobId: p.job.jobId,
      attempt: p.job.attempt,
      ...u,
    });
  }

  async function work(): Promise<void> {
    for (;;) {
      const next = ctx.store.pending()[0];
      if (!next || stopping) return;
      await runOne(next).catch((error) =>
        ctx.logger.error({ err: (error as Error).message }, "job runner error"),
      );
    }
  }

  return {
    /** Starts the worker if it is idle. */
    kick(): void {
      if (working || stopping) return;
      working = work().finally(() => {
        working = null;
      });
    },
    currentJobId: () => current?.pending.job.jobId ?? null,
    /** cancel-job: drops queued attempts, kills the running one. Returns how many were cancelled. */
    async cancel(jobId: string, attempt?: number): Promise<number> {
      let n = 0;
      for (const p of ctx.store.pending()) {
        if (p.job.jobId !== jobId || (attempt !== undefined && p.job.attempt !== attempt)) continue;
        n++;
        if (current?.pending === p) {
          current.stop = "cancelled";
          current.abort.abort();
        } else {
          await ctx.store.finish(p);
          ctx.logger.info({ jobId, attempt: p.job.attempt }, "queued job cancelled by the hub");
        }
      }
      return n;
    },
    /** Stops taking jobs; lets a running benchmark finish within `graceMs`, then kills it. */
    async stop(graceMs: number): Promise<void> {
      stopping = true;
      const run = working;
      if (!run) return;
      const finished = await Promise.race([
        run.then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), graceMs).unref()),
      ]);
      if (finished || !current) return;
      ctx.logger.warn(`shutdown: the running benchmark did not finish within ${graceMs} ms; killing it`);
      current.stop = "shutdown";
      current.abort.abort();
      await Promise.race([run, new Promise((r) => setTimeout(r, 10_000).unref())]);
    },
  };
}

export type JobRunner = ReturnType<typeof createJobRunner>;
