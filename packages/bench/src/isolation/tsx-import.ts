import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";

/**
 * tsx's loader as a file URL for `--import`. A bare `--import tsx` resolves against the child's working
 * directory, which need not be inside this repository (an agent started from /), so it is resolved
 * here, from this package.
 */
export function tsxImportUrl(): string {
  return pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;
}
