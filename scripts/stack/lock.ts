import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** One stack per data directory: a second one would fight over the database and the agent's spool. */
export function takeLock(pidFile: string, root: string): () => void {
  if (existsSync(pidFile)) {
    const pid = Number(readFileSync(pidFile, "utf8").trim());
    if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
      throw new Error(
        `a quick start (pid ${pid}) is already running on ${root}: use it, stop it (Ctrl-C in its terminal, or kill ${pid}), or choose another --data-dir`,
      );
    }
  }
  writeFileSync(pidFile, `${process.pid}\n`);
  return () => rmSync(pidFile, { force: true });
}

/**
 * `--reset`: removes a data directory only if it looks like a stack's, so a mistyped `--data-dir`
 * cannot delete anything else.
 */
export function resetDataDir(root: string, markers: string[]): void {
  if (!existsSync(root)) return;
  if (!markers.some((m) => existsSync(m))) {
    throw new Error(
      `--reset: ${root} does not look like a quick start data directory (no hub/ or agent/); not deleting it`,
    );
  }
  rmSync(root, { recursive: true, force: true });
}
