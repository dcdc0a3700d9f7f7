import { readFile } from "node:fs/promises";
import { graphPath, loadDataset, loadManifest, sha256Bytes, sha256File } from "@edgeseg/bench";
import { AppError } from "@edgeseg/protocol";
import { type LoadedSuite, manifestPath } from "./load.ts";

export interface VerifiedModel {
  readonly id: string;
  readonly manifestPath: string;
  readonly manifestSha256: string;
}

export interface VerifiedSuiteAssets {
  readonly models: VerifiedModel[];
  /** Present when a dataset directory was checked. */
  readonly datasetSha256?: string;
}

/**
 * Checks everything a suite pins before a run: each manifest's bytes against the suite, each ONNX file
 * against its manifest, and (when given) the dataset directory against the suite's dataset hash. Every
 * mismatch is collected and reported in one INTEGRITY error, so one look shows all that is wrong.
 */
export async function verifySuiteAssets(
  loaded: LoadedSuite,
  opts: { datasetDir?: string } = {},
): Promise<VerifiedSuiteAssets> {
  const problems: string[] = [];
  const models: VerifiedModel[] = [];
  const where = `suite ${loaded.suite.id}@${loaded.suite.version} (${loaded.path})`;
  for (const entry of loaded.suite.models) {
    const path = manifestPath(loaded, entry.manifest);
    const actual = sha256Bytes(await readFile(path));
    if (actual !== entry.sha256) {
      problems.push(
        `model ${entry.id}: manifest ${path} has sha256 ${actual}, the suite pins ${entry.sha256}`,
      );
      continue;
    }
    const { manifest, dir } = await loadManifest(path);
    for (const [role, spec] of Object.entries(manifest.graphs)) {
      const file = graphPath(dir, spec.file, role);
      const fileSha = await sha256File(file).catch(() => "missing");
      if (fileSha !== spec.sha256) {
        problems.push(
          `model ${entry.id}: ${file} (graphs.${role}) has sha256 ${fileSha}, its manifest pins ${spec.sha256}`,
        );
      }
    }
    models.push({ id: entry.id, manifestPath: path, manifestSha256: actual });
  }
  let datasetHash: string | undefined;
  if (opts.datasetDir !== undefined) {
    const dataset = await loadDataset(opts.datasetDir, { split: loaded.suite.dataset.split });
    datasetHash = await dataset.sha256();
    const expected = loaded.suite.dataset;
    if (datasetHash !== expected.sha256) {
      problems.push(
        `dataset ${opts.datasetDir} has sha256 ${datasetHash}, the suite pins ${expected.sha256} ` +
          `(${expected.generator} ${expected.generatorVersion}, ${expected.split} split, ${expected.cases} cases): ` +
          "regenerate it with this edgeseg version's phantom command into an empty directory",
      );
    }
  }
  if (problems.length > 0) {
    throw new AppError(
      "INTEGRITY",
      `${where}: ${problems.length} pinned asset(s) do not match — ${problems.join("; ")}`,
    );
  }
  return { models, ...(datasetHash !== undefined ? { datasetSha256: datasetHash } : {}) };
}
