import { copyFile, link, mkdir, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import { graphPath, loadManifest } from "@edgeseg/bench/lite";
import { AppError, type JobMessage } from "@edgeseg/protocol";

/**
 * Lays out a model as the engine expects it — `manifest.json` with each graph file under the name the
 * manifest gives it — from the content-addressed cache (hard links; a copy across file systems).
 * Every graph of the manifest must be one of the job's artifacts with the same hash.
 */
export async function layoutRunDir(
  runDir: string,
  job: JobMessage,
  cached: ReadonlyMap<string, string>,
): Promise<string> {
  const manifestFile = cached.get(job.model.manifestSha256);
  if (!manifestFile) throw new AppError("INTERNAL", "the manifest artifact was not fetched");
  const { manifest } = await loadManifest(manifestFile);
  await rm(runDir, { recursive: true, force: true });
  await mkdir(runDir, { recursive: true });
  const manifestPath = join(runDir, "manifest.json");
  await place(manifestFile, manifestPath);
  for (const [role, graph] of Object.entries(manifest.graphs)) {
    const artifact = job.model.artifacts.find((a) => a.role === role);
    if (!artifact) {
      throw new AppError(
        "INPUT",
        `job ${job.jobId}: the manifest's graph "${role}" is not among the job's artifacts`,
      );
    }
    if (artifact.sha256 !== graph.sha256) {
      throw new AppError(
        "INTEGRITY",
        `job ${job.jobId}: artifact "${role}" has sha256 ${artifact.sha256.slice(0, 12)}… but the manifest pins ${graph.sha256.slice(0, 12)}…`,
      );
    }
    const dest = graphPath(runDir, graph.file, role);
    await mkdir(dirname(dest), { recursive: true });
    await place(cached.get(artifact.sha256)!, dest);
  }
  return manifestPath;
}

async function place(from: string, to: string): Promise<void> {
  try {
    await link(from, to);
  } catch {
    await copyFile(from, to);
  }
}
