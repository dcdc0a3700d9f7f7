import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AuditActor, Db } from "@edgeseg/db";
import { AppError } from "@edgeseg/protocol";
import { type ImportedModel, importModel } from "@edgeseg/registry";
import { checkGraphs } from "./check-graphs.ts";
import { receiveUpload } from "./receive-upload.ts";
import { stageSkeletons } from "./skeleton-upload.ts";
import { stageUpload } from "./stage-upload.ts";
import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from "./upload-limits.ts";

export interface UploadedModel extends ImportedModel {
  name: string;
  /** false when exactly this manifest was registered already (importing is idempotent). */
  created: boolean;
}

/**
 * A model upload from the dashboard, end to end: stream the multipart body to a private temporary
 * directory, validate the manifest, match and hash-check the ONNX files, load each graph and check it
 * against the manifest, then `importModel` into the hub's artifact store. Nothing is registered unless
 * every check passes; the temporary directory is removed whatever happens. A new model is recorded in
 * the audit trail as the `actor`'s. With `timingOnly` the checked graphs are replaced by their skeletons
 * and only those are stored (version `<version>-skeleton`): the uploaded weights never reach the store.
 */
export async function importUploadedModel(
  db: Db,
  artifactsDir: string,
  request: Request,
  limits: UploadLimits = DEFAULT_UPLOAD_LIMITS,
  actor?: AuditActor,
): Promise<UploadedModel> {
  const dir = await mkdtemp(join(tmpdir(), "edgeseg-upload-"));
  try {
    const received = await receiveUpload(request, join(dir, "incoming"), limits);
    let staged = await stageUpload(received, join(dir, "model"));
    if (received.timingOnly) {
      // The full graphs are checked against the manifest, then replaced by their skeletons.
      await checkGraphs(staged.manifest, join(dir, "model"));
      staged = await stageSkeletons(staged);
    }
    const { id, version } = staged.manifest;
    const registered = await db.prisma.model.findUnique({
      where: { id_version: { id, version } },
      select: { manifestSha256: true },
    });
    if (registered && registered.manifestSha256 !== staged.manifestSha256) {
      throw new AppError(
        "INTEGRITY",
        `model ${id}@${version} is already registered with another manifest (sha256 ${registered.manifestSha256}; this one is ${staged.manifestSha256}): give the changed model a new version`,
      );
    }
    if (!received.timingOnly) await checkGraphs(staged.manifest, join(dir, "model"));
    const imported = await importModel(db, artifactsDir, staged.manifestPath, { actor });
    return { ...imported, name: staged.manifest.name, created: registered === null };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
