import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildNeeded, ensureDashboardBuild } from "../../../scripts/stack/build.ts";
import { repoRoot } from "../../support/process.ts";

const dashboard = join(repoRoot, "apps/dashboard");

export { buildNeeded };

/** The dashboard's production build, one at a time with the stack and the browser tests; seconds taken. */
export async function buildDashboard(): Promise<number> {
  const started = Date.now();
  const logFile = join(mkdtempSync(join(tmpdir(), "edgeseg-bench-build-")), "build.log");
  await ensureDashboardBuild(logFile);
  return (Date.now() - started) / 1000;
}

/** The build's id, to notice a rebuild by another process while the server runs (Next loads chunks lazily). */
export function buildId(): string | null {
  const path = join(dashboard, ".next/BUILD_ID");
  return existsSync(path) ? readFileSync(path, "utf8").trim() : null;
}
