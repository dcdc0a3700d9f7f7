import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { type AuditActor, type Db, type Prisma, withAudit } from "@edgeseg/db";
import { loadManifest, verifyGraphFiles } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import { storeArtifact } from "./artifact-store.ts";

export interface ImportedArtifact {
  /** "manifest", or the manifest's graph role ("model", "encoder", "decoder"). */
  role: string;
  sha256: string;
  size: number;
}

export interface ImportedModel {
  modelId: string;
  version: string;
  manifestSha256: string;
  /** The manifest first, then the graphs in manifest order: what a job message lists. */
  artifacts: ImportedArtifact[];
}

/**
 * Registers a model: validates its manifest and ONNX files (the engine's own checks), copies them
 * into the content-addressed store and writes the Model and Artifact rows. Idempotent: importing the
 * same manifest again changes nothing. With an actor, a new model is recorded in the audit trail in the
 * transaction that writes its rows. A different manifest under an already registered id and
 * version is refused, because results name a model by id and version and must mean one thing.
 */
export async function importModel(
  db: Db,
  artifactsDir: string,
  manifestPath: string,
  opts: { actor?: AuditActor } = {},
): Promise<ImportedModel> {
  const loaded = await loadManifest(manifestPath);
  const { manifest, manifestSha256 } = loaded;
  const graphs = await verifyGraphFiles(manifest, loaded.dir);
  const where = { id_version: { id: manifest.id, version: manifest.version } };
  const registered = await db.prisma.model.findUnique({ where, select: { manifestSha256: true } });
  if (registered && registered.manifestSha256 !== manifestSha256) {
    throw new AppError(
      "INTEGRITY",
      `model ${manifest.id}@${manifest.version} is already registered with manifest sha256 ${registered.manifestSha256}, and ${manifestPath} has ${manifestSha256}: give the changed model a new version`,
    );
  }
  const stored = await storeArtifact(artifactsDir, resolve(manifestPath), manifestSha256);
  const artifacts: ImportedArtifact[] = [{ role: "manifest", sha256: stored.sha256, size: stored.size }];
  for (const graph of graphs) {
    const file = await storeArtifact(artifactsDir, graph.path, graph.sha256);
    artifacts.push({ role: graph.role, sha256: file.sha256, size: file.size });
  }
  // The row keeps the manifest exactly as uploaded (the stored, hash-checked bytes).
  const raw = JSON.parse(await readFile(stored.path, "utf8")) as Prisma.InputJsonValue;
  const owner = { modelId: manifest.id, modelVersion: manifest.version };
  await withAudit(db.prisma, opts.actor, async (tx, audit) => {
    const existed = await tx.model.findUnique({ where, select: { id: true } });
    await tx.model.upsert({
      where,
      update: {},
      create: {
        id: manifest.id,
        version: manifest.version,
        family: manifest.family,
        pipeline: manifest.pipeline,
        manifest: raw,
        manifestSha256,
        trained: manifest.trained,
        license: manifest.license,
        fineTuningSupported: manifest.fineTuning.supported,
      },
    });
    // Content is shared: a file two models use keeps its first owner; jobs list files from the manifest.
    for (const a of artifacts) {
      await tx.artifact.upsert({
        where: { sha256: a.sha256 },
        update: {},
        create: { sha256: a.sha256, size: BigInt(a.size), path: a.sha256, role: a.role, ...owner },
      });
    }
    // Importing the same manifest again writes nothing, so it is not recorded either.
    if (!existed) {
      audit({
        action: "model.import",
        targetId: `${manifest.id}@${manifest.version}`,
        after: {
          manifestSha256,
          family: manifest.family,
          pipeline: manifest.pipeline,
          license: manifest.license,
          artifacts: artifacts.map((a) => ({ role: a.role, sha256: a.sha256, size: a.size })),
        },
      });
    }
  });
  return { modelId: manifest.id, version: manifest.version, manifestSha256, artifacts };
}
