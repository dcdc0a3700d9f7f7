import { AppError, type JobMessage } from "@edgeseg/protocol";
import type { JobPlan } from "./job-plan.ts";

/**
 * The job's dataset on disk, verified against the job's hash: a configured local directory is hashed
 * with the engine's dataset hash; a suite's phantom is generated (or found) in the cache by prepareSuite.
 */
export async function prepareJobDataset(
  plan: Extract<JobPlan, { ok: true }>,
  job: JobMessage,
  cacheDir: string,
  onCase: (done: number, total: number) => void,
): Promise<{ dir: string; sha256: string }> {
  let dir: string;
  let sha256: string;
  if (plan.dataset.kind === "local") {
    dir = plan.dataset.dir;
    // The dataset code loads with the first job that needs it, not with the daemon.
    const { loadDataset } = await import("@edgeseg/bench");
    sha256 = await (await loadDataset(dir)).sha256();
  } else {
    const { prepareSuite } = await import("../suite/prepare.ts");
    const prepared = await prepareSuite(plan.dataset.suiteId, cacheDir, onCase);
    dir = prepared.datasetDir;
    sha256 = prepared.datasetSha256;
  }
  if (sha256 !== job.dataset.sha256) {
    throw new AppError(
      "INTEGRITY",
      `dataset "${job.dataset.id}" at ${dir} has sha256 ${sha256.slice(0, 12)}…, the job expects ${job.dataset.sha256.slice(0, 12)}…; it is not the dataset the campaign was defined on`,
    );
  }
  return { dir, sha256 };
}
