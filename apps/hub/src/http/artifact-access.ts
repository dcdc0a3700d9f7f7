import type { Db } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { OPEN } from "../dispatch/statuses.ts";

/**
 * Whether one of the device's open jobs (queued, delivered, running) names the artifact: its model's
 * manifest or one of the manifest's graphs, exactly the files the job message lists
 * (src/dispatch/job-message.ts). Read from the model rows rather than Artifact.modelId, which names
 * only the first model that brought a shared file. A device has a handful of open jobs at most.
 */
export async function assertJobReferences(db: Db, deviceId: string, sha256: string): Promise<void> {
  const jobs = await db.prisma.job.findMany({
    where: { deviceId, status: { in: OPEN } },
    distinct: ["modelId", "modelVersion"],
    select: { model: { select: { manifestSha256: true, manifest: true } } },
  });
  for (const { model } of jobs) {
    if (model.manifestSha256 === sha256 || graphHashes(model.manifest).includes(sha256)) return;
  }
  throw new AppError(
    "FORBIDDEN",
    `artifact ${sha256} is not a file of any open job of device ${deviceId}; artifacts are served only for the device's own jobs`,
  );
}

function graphHashes(manifest: unknown): string[] {
  const graphs = (manifest as { graphs?: unknown } | null)?.graphs;
  if (typeof graphs !== "object" || graphs === null) return [];
  return Object.values(graphs).flatMap((g) => {
    const sha = (g as { sha256?: unknown } | null)?.sha256;
    return typeof sha === "string" ? [sha] : [];
  });
}
