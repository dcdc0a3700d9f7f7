import { stat } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { graphPath } from "./graph-path.ts";
import type { SupportedManifest } from "./supported.ts";

/**
 * Each graph file named by the manifest, resolved inside its directory. One that exists but is not a
 * regular file (a directory, a FIFO) is refused here, when the manifest is loaded, instead of failing
 * with EISDIR (or blocking) when the run opens it. A missing file is left to verifyGraphFiles, which
 * says where to put it.
 */
export async function checkGraphFiles(manifest: SupportedManifest, dir: string): Promise<void> {
  for (const [role, spec] of Object.entries(manifest.graphs)) {
    const file = graphPath(dir, spec.file, role);
    const info = await stat(file).catch(() => undefined);
    if (info && !info.isFile()) {
      const kind = info.isDirectory() ? "a directory" : "not a regular file";
      throw new AppError(
        "INPUT",
        `graphs.${role}.file "${spec.file}" is ${kind} (${file}); name the model's .onnx file.`,
      );
    }
  }
}
