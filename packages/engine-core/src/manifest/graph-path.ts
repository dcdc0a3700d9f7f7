import path from "node:path";
import { AppError } from "@edgeseg/protocol";

/**
 * A graph file named by a manifest, resolved against the manifest's directory. A manifest arrives
 * from elsewhere, so it may not point outside its own directory (e.g. "../../etc/passwd").
 */
export function graphPath(dir: string, file: string, role: string): string {
  const resolved = path.resolve(dir, file);
  const rel = path.relative(dir, resolved);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) {
    throw new AppError(
      "INPUT",
      `graphs.${role}.file "${file}" points outside the manifest's directory ${dir}. Name a file inside it.`,
    );
  }
  return resolved;
}
