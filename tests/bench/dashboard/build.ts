import { execFileSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoRoot } from "../../support/process.ts";

const dashboard = join(repoRoot, "apps/dashboard");
/** What the production build is made from (tests excluded). */
const SOURCES = [
  "apps/dashboard/app",
  "apps/dashboard/components",
  "apps/dashboard/lib",
  "apps/dashboard/next.config.ts",
  "apps/dashboard/package.json",
  "packages/db/src",
  "packages/scoring/src",
  "packages/protocol/src",
  "packages/registry/src",
];

function newestMtime(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return /\.test\.tsx?$/.test(path) ? 0 : stat.mtimeMs;
  return readdirSync(path).reduce((max, name) => Math.max(max, newestMtime(join(path, name))), 0);
}

/** Why the dashboard's `.next` needs building, or null when it is newer than every source. */
export function buildNeeded(): string | null {
  const buildId = join(dashboard, ".next/BUILD_ID");
  if (!existsSync(buildId)) return ".next is missing";
  const built = statSync(buildId).mtimeMs;
  const stale = SOURCES.map((s) => join(repoRoot, s)).find((s) => existsSync(s) && newestMtime(s) > built);
  return stale ? `${stale.slice(repoRoot.length)} changed after the last build` : null;
}

/** `npm run build -w edgeseg-dashboard`, serialised with other scripts that take the same lock. */
export function buildDashboard(): number {
  const started = Date.now();
  execFileSync(
    "flock",
    ["/tmp/edgeseg-dashboard-build.lock", "npm", "run", "build", "-w", "edgeseg-dashboard"],
    {
      cwd: repoRoot,
      stdio: ["ignore", "ignore", "inherit"],
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    },
  );
  return (Date.now() - started) / 1000;
}

/** The build's id, to notice a rebuild by another process while the server runs (Next loads chunks lazily). */
export function buildId(): string | null {
  const path = join(dashboard, ".next/BUILD_ID");
  return existsSync(path) ? readFileSync(path, "utf8").trim() : null;
}
