import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@edgeseg/protocol";
import { checkGraphFiles } from "./graph-files.ts";
import { describeIssues } from "./issues.ts";
import { modelManifestSchema } from "./schema.ts";
import { sha256Bytes } from "./sha256.ts";
import { assertSupportedPipeline, type SupportedManifest } from "./supported.ts";

export interface LoadedManifest {
  manifest: SupportedManifest;
  /** Absolute directory of the manifest: graph files are resolved against it. */
  dir: string;
  /** sha256 of the manifest file's bytes, as results record it. */
  manifestSha256: string;
}

/** Reads, hashes and validates a model manifest; the hash is of the very bytes that were parsed. */
export async function loadManifest(manifestPath: string): Promise<LoadedManifest> {
  const file = path.resolve(manifestPath);
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (err) {
    const why = (err as NodeJS.ErrnoException).code === "ENOENT" ? "not found" : "not readable";
    throw new AppError(
      "INPUT",
      `Model manifest ${why}: ${file}. Pass the manifest.json that sits next to the model's ONNX files.`,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch (err) {
    throw new AppError(
      "INPUT",
      `Model manifest ${file} is not valid JSON (${(err as Error).message}). Fix the syntax.`,
    );
  }
  const parsed = modelManifestSchema.safeParse(json);
  if (!parsed.success) {
    throw new AppError(
      "INPUT",
      `Model manifest ${file} is invalid: ${describeIssues(parsed.error)}. Fix these fields.`,
    );
  }
  const manifest = assertSupportedPipeline(parsed.data, file);
  await checkGraphFiles(manifest, path.dirname(file));
  return { manifest, dir: path.dirname(file), manifestSha256: sha256Bytes(bytes) };
}
