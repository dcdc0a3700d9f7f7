import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { hubPin } from "../config/hub-trust.ts";
import { ensureArtifact } from "./artifacts.ts";
import type { DaemonContext } from "./context.ts";
import { type JobPlan, planJob } from "./job-plan.ts";
import type { PendingJob } from "./job-store.ts";
import type { ProgressUpdate } from "./progress.ts";
import { layoutRunDir } from "./run-dir.ts";

export interface PreparedJob {
  manifestPath: string;
  plan: Extract<JobPlan, { ok: true }>;
}

/**
 * The daemon's part of a job's preparation: the plan (where the dataset comes from, the scenario), the
 * model's artifacts (cached by sha256, fetched with the device's credentials) and the run directory
 * laid out as the manifest names its files. The dataset is verified by the job's child process
 * (job-work.ts). Returns null when `stopRequested` turns true between steps (cancel-job or shutdown).
 */
export async function prepareJob(
  ctx: DaemonContext,
  p: PendingJob,
  runDir: string,
  progress: (u: ProgressUpdate) => void,
  log: Logger,
  stopRequested: () => boolean,
): Promise<PreparedJob | null> {
  const { job } = p;
  const plan = await planJob(job, ctx.config);
  if (!plan.ok) throw new AppError("INPUT", plan.reason);
  const cached = new Map<string, string>();
  const hub = {
    hubUrl: ctx.config.hubUrl,
    deviceId: ctx.config.deviceId,
    secret: ctx.config.secret,
    pin: hubPin(ctx.config),
    meter: ctx.egress,
  };
  for (const [i, artifact] of job.model.artifacts.entries()) {
    progress({ phase: "fetching", done: i, total: job.model.artifacts.length });
    cached.set(
      artifact.sha256,
      await ensureArtifact(artifact, join(ctx.config.dataDir, "artifacts"), hub, log),
    );
    if (stopRequested()) return null;
  }
  const manifestPath = await layoutRunDir(runDir, job, cached);
  if (stopRequested()) return null;
  return { manifestPath, plan };
}
