import { spawn } from "node:child_process";
import { closeSync, openSync, readdirSync, rmSync, statSync, writeSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { tailOf } from "./child.ts";
import { dashboardDir, nextBin, repoRoot } from "./paths.ts";

const SKIP = new Set(["node_modules", ".next", ".turbo", "fixtures", "generated-test"]);
const SOURCE = /\.(tsx?|mts|css|json)$/;

/** Newest modification time of the sources a dashboard build compiles (tests excluded). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (
      SOURCE.test(entry.name) &&
      !/\.test\.tsx?$/.test(entry.name) &&
      entry.name !== "tsconfig.tsbuildinfo"
    ) {
      newest = Math.max(newest, statSync(path).mtimeMs);
    }
  }
  return newest;
}

/**
 * Why the production build must be (re)made, or null when `.next` is newer than every source of the
 * dashboard and of the workspace packages it bundles (they export TypeScript source, compiled by Next).
 */
export function buildNeeded(): string | null {
  let built: number;
  try {
    built = statSync(join(dashboardDir, ".next", "BUILD_ID")).mtimeMs;
  } catch {
    return "no production build yet";
  }
  const roots = [dashboardDir, join(repoRoot, "packages"), join(repoRoot, "package-lock.json")];
  const newest = Math.max(
    ...roots.map((r) => (statSync(r).isDirectory() ? newestSource(r) : statSync(r).mtimeMs)),
  );
  return newest > built ? "sources changed since the last build" : null;
}

/** `next build` of the dashboard, its output appended to `logFile`; rejects with the log's end. */
export function buildDashboard(logFile: string, signal?: AbortSignal, timeoutMs = 300_000): Promise<void> {
  const fd = openSync(logFile, "a");
  const proc = spawn(process.execPath, [nextBin, "build"], {
    cwd: dashboardDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    stdio: ["ignore", fd, fd],
    ...(signal ? { signal } : {}),
  });
  closeSync(fd);
  return new Promise((resolve, reject) => {
    // Bounded, so that a caller's own time limit (a test hook) is never reached with a build running.
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    proc.once("error", reject);
    proc.once("exit", (code, killedBy) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(
          new Error(
            `next build failed (${killedBy ?? `exit ${code}`}); the end of ${logFile}:\n${tailOf(logFile, 30)}`,
          ),
        );
    });
  });
}

/**
 * Builds the dashboard unless it is up to date, one build at a time across processes: a lock file
 * beside `.next`, and the need checked again under the lock. Test files run in parallel each start a
 * stack; without this, a second file could rebuild `.next` under the first file's running `next start`
 * (which loads chunks lazily). Returns why it built, or null when nothing was needed.
 */
export async function ensureDashboardBuild(logFile: string, signal?: AbortSignal): Promise<string | null> {
  const release = await acquireLock(join(dashboardDir, ".build.lock"), signal);
  try {
    const why = buildNeeded();
    if (why) await buildDashboard(logFile, signal);
    return why;
  } finally {
    release();
  }
}

/** An exclusive lock file (O_EXCL); one older than any build may take is left by a killed process. */
async function acquireLock(path: string, signal?: AbortSignal, staleMs = 600_000): Promise<() => void> {
  for (;;) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
    }
    try {
      if (Date.now() - statSync(path).mtimeMs > staleMs) rmSync(path, { force: true });
    } catch {
      // Released between the two calls: try again.
    }
    signal?.throwIfAborted();
    await sleep(500);
  }
}
