import { join } from "node:path";
import { AppError, type ScenarioSettings } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { hubPin } from "../config/hub-trust.ts";
import { ensureArtifact } from "./artifacts.ts";
import type { DaemonContext } from "./context.ts";
import { prepareJobDataset } from "./job-dataset.ts";
import { planJob } from "./job-plan.ts";
import type { PendingJob } from "./job-store.ts";
import type { ProgressUpdate } from "./progress.ts";
import { layoutRunDir } from "./run-dir.ts";

export interface PreparedJob {
  manifestPath: string;
  dataset: { dir: string; sha256: string };
  scenario: ScenarioSettings;
}

/**
 * Everything a run needs, on disk and verified: the model's artifacts (cached by sha256), the run
 * directory laid out as the manifest names its files, the dataset with the job's hash. Returns null
 * when `stopRequested` turns true between steps (cancel-job or shutdown).
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
  progress({ phase: "verifying", done: 0, total: 1 });
  const dataset = await prepareJobDataset(plan, job, join(ctx.config.dataDir, "cache"), (done, total) =>
    progress({ phase: "verifying", done, total: Math.max(total, 1) }),
  );
  if (stopRequested()) return null;
  return { manifestPath, dataset, scenario: plan.scenario };
}
