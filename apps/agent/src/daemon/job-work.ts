import { failedResult, loadDataset, prepareRun, runBenchmark } from "@edgeseg/bench";
import type { ResultDocument } from "@edgeseg/protocol";
import { prepareJobDataset } from "./job-dataset.ts";
import { fineTuneForJob } from "./job-finetune.ts";
import type { JobDecision, JobLog, JobWorkInput } from "./job-messages.ts";
import { hideLocalDataset } from "./local-names.ts";
import { fromChild, type ProgressUpdate } from "./progress.ts";

export interface JobWorkIo {
  progress(update: ProgressUpdate): void;
  log: JobLog;
  /** Aborted by cancel-job or a shutdown: the benchmark (or fine-tuning) child is killed. */
  signal: AbortSignal;
  /** Reports the prepared dataset and waits for the daemon, which counts the run's start first. */
  prepared(datasetDir: string): Promise<JobDecision>;
}

export type JobWorkOutcome = { type: "result"; doc: ResultDocument } | { type: "stopped" };

/**
 * A job's work after the daemon fetched and laid out its model, in the job's child process
 * (job-child.ts): the dataset verified (a local one hashed, a suite's phantom generated in the cache),
 * the benchmark in its own child, the suite's fine-tuning, the local dataset's names hidden. The
 * daemon never loads this code, so the engine's modules and their state end with the job.
 * An AppError thrown here (bad input, a dataset with another hash) goes to the hub as an error event.
 */
export async function runJobWork(input: JobWorkInput, io: JobWorkIo): Promise<JobWorkOutcome> {
  const { job, plan, manifestPath } = input;
  io.progress({ phase: "verifying", done: 0, total: 1 });
  const dataset = await prepareJobDataset(plan, job, input.cacheDir, (done, total) =>
    io.progress({ phase: "verifying", done, total: Math.max(total, 1) }),
  );
  if (io.signal.aborted) return { type: "stopped" };
  const decision = await io.prepared(dataset.dir);
  if (decision.type === "abort" || io.signal.aborted) return { type: "stopped" };
  const run = {
    ...{ manifestPath, datasetDir: dataset.dir, datasetSha256: dataset.sha256, scenario: plan.scenario },
    ...{ suite: job.suite, agentVersion: input.agentVersion, resultId: input.resultId },
  };
  let doc: ResultDocument;
  if (decision.type === "give-up") {
    // Nothing was measured: the engine's one failed-result builder, with what the run was started with.
    const { header } = await prepareRun(run);
    const failure = { reason: "crash" as const, message: decision.message, exitCode: null, signal: null };
    doc = failedResult(header, failure, null, new Date(decision.at));
  } else {
    doc = await runBenchmark({
      ...run,
      timeoutMs: job.timeoutMs,
      skeletonCacheDir: input.skeletonCacheDir,
      signal: io.signal,
      onProgress: (msg) => io.progress(fromChild(msg)),
    });
    // The suite's fine-tuning scenario, if it has one, after a completed inference run (job-finetune.ts).
    // Its training steps run in onnxruntime-node only (docs/fine-tuning.md): where the run fell back
    // to WASM (no native binary, or one that does not load) the block is left out, as the reason says.
    if (doc.status === "succeeded" && !io.signal.aborted && doc.runtime.backend !== "node")
      io.log.info(
        { backendReason: doc.runtime.backendReason },
        "fine-tuning not measured for this job: it needs onnxruntime-node, and the run used WASM",
      );
    else if (doc.status === "succeeded" && !io.signal.aborted) {
      const fineTuning = await fineTuneForJob(input.cacheDir, job, manifestPath, io.signal, io.log);
      if (fineTuning) doc = { ...doc, fineTuning };
    }
  }
  if (io.signal.aborted) return { type: "stopped" };
  if (input.localDataset) {
    // A clinic's own dataset: its name and case ids are its directory and file names
    // (docs/data-locality.md).
    const caseIds = await loadDataset(dataset.dir).then(
      (d) => d.cases.map((c) => c.id),
      () => [],
    );
    doc = hideLocalDataset(doc, { jobDatasetId: job.dataset.id, caseIds });
  }
  return { type: "result", doc };
}
