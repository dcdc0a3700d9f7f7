import { AppError } from "@edgeseg/protocol";

/**
 * Stands in for @edgeseg/suites in the dashboard bundle (next.config.ts, turbopack.resolveAlias).
 * The dashboard never imports suites — the hub does (`edgeseg-hub suite import`) — but
 * @edgeseg/registry's index reaches the package through importSuite, and the package reads
 * `import.meta.dirname` when it loads, which Turbopack leaves undefined. Anything that does call it
 * here gets a clear error instead.
 */
function hubOnly(): never {
  throw new AppError("USAGE", "suites are imported on the hub: run edgeseg-hub suite import <suite>");
}

export const loadSuite = hubOnly;
export const manifestPath = hubOnly;
export const bundledSuitePath = hubOnly;
