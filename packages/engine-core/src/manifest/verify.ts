import { stat } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { graphPath } from "./graph-path.ts";
import { sha256File } from "./sha256.ts";
import type { SupportedManifest } from "./supported.ts";

export interface VerifiedGraph {
  /** The key under `graphs` ("model", "encoder", "decoder"). */
  role: string;
  path: string;
  sha256: string;
}

/** Checks every ONNX file against the manifest's sha256 before any of them is loaded. */
export async function verifyGraphFiles(manifest: SupportedManifest, dir: string): Promise<VerifiedGraph[]> {
  const verified: VerifiedGraph[] = [];
  for (const [role, spec] of Object.entries(manifest.graphs)) {
    const file = graphPath(dir, spec.file, role);
    const info = await stat(file).catch(() => undefined);
    if (!info) {
      throw new AppError(
        "INPUT",
        `ONNX file for graphs.${role} not found: ${file}. Put ${spec.file} next to the manifest.`,
      );
    }
    if (!info.isFile()) {
      throw new AppError(
        "INPUT",
        `graphs.${role}.file is not a regular file: ${file}. Name the model's .onnx file.`,
      );
    }
    const actual = await sha256File(file);
    if (actual !== spec.sha256) {
      throw new AppError(
        "INTEGRITY",
        `sha256 mismatch for ${file} (graphs.${role}): manifest expects ${spec.sha256}, file has ${actual}. ` +
          `The file is corrupt or not the one the manifest describes: fetch the model again, or if the model ` +
          `was changed on purpose, update graphs.${role}.sha256.`,
      );
    }
    verified.push({ role, path: file, sha256: actual });
  }
  return verified;
}
