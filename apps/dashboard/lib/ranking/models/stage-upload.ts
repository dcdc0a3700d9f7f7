import { mkdir, rename, writeFile } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import {
  assertSupportedPipeline,
  describeIssues,
  graphPath,
  modelManifestSchema,
  type SupportedManifest,
  sha256Bytes,
} from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { ReceivedUpload } from "./receive-upload.ts";

export interface StagedModel {
  manifest: SupportedManifest;
  manifestSha256: string;
  /** `dir/manifest.json`, with every graph file where the manifest says (what importModel reads). */
  manifestPath: string;
}

/**
 * Lays an upload out as a model directory: the manifest's exact bytes as manifest.json, each ONNX
 * file under the name its `graphs.<role>.file` gives. The manifest is validated first (zod, with the
 * fields named), then every uploaded file must be one the manifest names, with the sha256 it pins.
 */
export async function stageUpload(upload: ReceivedUpload, dir: string): Promise<StagedModel> {
  if (!upload.manifest) {
    throw new AppError(
      "INPUT",
      "no manifest: attach the model's manifest.json (or paste it) with the ONNX file(s)",
    );
  }
  const manifest = parseManifest(upload.manifest);
  const byName = new Map<string, (typeof upload.files)[number]>();
  for (const file of upload.files) {
    if (byName.has(file.name))
      throw new AppError("INPUT", `${file.name} was uploaded twice: attach each file once`);
    byName.set(file.name, file);
  }
  await mkdir(dir, { recursive: true });
  const used = new Set<string>();
  for (const [role, spec] of Object.entries(manifest.graphs)) {
    const name = basename(spec.file);
    const file = byName.get(name);
    if (!file) {
      const sent = upload.files.map((f) => f.name).join(", ") || "none";
      throw new AppError(
        "INPUT",
        `the manifest's graphs.${role}.file is "${spec.file}", but no uploaded file is named ${name} (uploaded: ${sent}): attach it`,
      );
    }
    if (file.sha256 !== spec.sha256) {
      throw new AppError(
        "INTEGRITY",
        `${name} has sha256 ${file.sha256}, but the manifest's graphs.${role}.sha256 is ${spec.sha256}: upload the file the manifest describes, or correct the hash`,
      );
    }
    const target = graphPath(dir, spec.file, role);
    await mkdir(dirname(target), { recursive: true });
    await rename(file.path, target);
    used.add(name);
  }
  const extra = upload.files.filter((f) => !used.has(f.name)).map((f) => f.name);
  if (extra.length > 0) {
    const named = Object.entries(manifest.graphs)
      .map(([role, spec]) => `graphs.${role}.file = ${spec.file}`)
      .join(", ");
    throw new AppError(
      "INPUT",
      `${extra.join(", ")} ${extra.length === 1 ? "is" : "are"} not named by the manifest (${named}): upload only the model's files`,
    );
  }
  const manifestPath = join(dir, "manifest.json");
  await writeFile(manifestPath, upload.manifest);
  return { manifest, manifestSha256: sha256Bytes(upload.manifest), manifestPath };
}

function parseManifest(bytes: Buffer): SupportedManifest {
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (error) {
    throw new AppError(
      "INPUT",
      `manifest.json is not valid JSON (${(error as Error).message}): fix the syntax`,
    );
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      "INPUT",
      `manifest.json is invalid: ${describeIssues(parsed.error)}. Fix these fields.`,
    );
  }
  return assertSupportedPipeline(parsed.data, "manifest.json");
}
