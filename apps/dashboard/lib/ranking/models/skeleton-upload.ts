import { rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { graphPath, isSkeletonFile, sha256Bytes, stripModel } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { StagedModel } from "./stage-upload.ts";

/** The version a timing-only upload is registered under: the full model keeps its own. */
export const skeletonVersion = (version: string): string => `${version}-skeleton`;

/**
 * "Timing only": each staged graph is replaced by its skeleton (docs/skeletons.md) and the uploaded
 * weights are deleted before anything is registered, so only the skeleton reaches the artifact store
 * and the fleet. The manifest is rewritten to name the skeletons and their sha256, under the version
 * `<version>-skeleton`, leaving the model's own version free for its trained weights.
 */
export async function stageSkeletons(staged: StagedModel): Promise<StagedModel> {
  const dir = dirname(staged.manifestPath);
  const version = skeletonVersion(staged.manifest.version);
  if (version.length > 40) {
    throw new AppError(
      "INPUT",
      `version "${staged.manifest.version}" is too long for a timing-only upload (it becomes "${version}", over 40 characters): shorten it`,
    );
  }
  const graphs: Record<string, { file: string; sha256: string }> = {};
  for (const [role, spec] of Object.entries(staged.manifest.graphs)) {
    const full = graphPath(dir, spec.file, role);
    if (await isSkeletonFile(full)) {
      graphs[role] = spec; // stripped on the researcher's machine already
      continue;
    }
    const { skeleton } = await stripModel(full);
    const file = `${spec.file.replace(/\.onnx$/i, "")}.skel.onnx`;
    await writeFile(graphPath(dir, file, role), skeleton);
    await rm(full, { force: true });
    graphs[role] = { ...spec, file, sha256: sha256Bytes(skeleton) };
  }
  const manifest = { ...staged.manifest, version, graphs } as StagedModel["manifest"];
  const bytes = Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`);
  const manifestPath = join(dir, "manifest.json");
  await writeFile(manifestPath, bytes);
  return { manifest, manifestSha256: sha256Bytes(bytes), manifestPath };
}
