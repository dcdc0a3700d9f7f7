import { graphPath, isSkeletonFile, loadManifest, type SupportedManifest } from "@edgeseg/engine-core";
import type { ResultDocument } from "@edgeseg/protocol";
import { loadDataset } from "../dataset/index.ts";

/** The result document's model block; file hashes are the manifest's, verified before any load. */
export function modelIdentity(
  manifest: SupportedManifest,
  manifestSha256: string,
  synthetic = false,
): ResultDocument["model"] {
  return {
    id: manifest.id,
    version: manifest.version,
    family: manifest.family,
    pipeline: manifest.pipeline,
    manifestSha256,
    files: Object.entries(manifest.graphs).map(([role, g]) => ({ role, sha256: g.sha256 })),
    // The document carries the claim only; the cut and loss are the fine-tuning run's concern.
    fineTuning: { supported: manifest.fineTuning.supported, notes: manifest.fineTuning.notes },
    // A skeleton's filled weights measure timing and memory only.
    ...(synthetic ? { weights: "synthetic" as const } : {}),
  };
}

export interface RunIdentity {
  model: ResultDocument["model"];
  dataset: ResultDocument["dataset"];
}

/**
 * What a run is about, known before it starts: a failed run is still a result about this model on
 * this dataset. Loading here also refuses a bad manifest or dataset before a child is spawned.
 */
export async function identifyRun(
  manifestPath: string,
  datasetDir: string,
  datasetSha256?: string,
): Promise<RunIdentity> {
  const { manifest, dir, manifestSha256 } = await loadManifest(manifestPath);
  const dataset = await loadDataset(datasetDir);
  const files = Object.entries(manifest.graphs).map(([role, g]) => graphPath(dir, g.file, role));
  const synthetic = (await Promise.all(files.map(isSkeletonFile))).some(Boolean);
  return {
    model: modelIdentity(manifest, manifestSha256, synthetic),
    dataset: {
      id: dataset.id,
      sha256: datasetSha256 ?? (await dataset.sha256()),
      cases: dataset.cases.length,
      spacingMm: "unknown",
    },
  };
}
