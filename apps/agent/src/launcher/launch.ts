// `<install dir>/launch.mjs`: what the systemd unit starts (release bundles, install.sh layout). It
// counts the starts of a self-updated version that has not yet confirmed itself (connected to the hub
// once, apps/agent/src/daemon/update.ts) and switches `current` back to the previous version when
// there were too many; then it runs `current/agent.mjs` in this same process. It imports nothing of
// the agent, so a new version that cannot even load is caught too.
import {
  existsSync,
  readFileSync,
  readlinkSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterStart } from "./unconfirmed.ts";

const dir = dirname(fileURLToPath(import.meta.url));
const stateFile = join(dir, "update.json");

function readState(): unknown {
  try {
    return JSON.parse(readFileSync(stateFile, "utf8"));
  } catch {
    return null; // no update yet, or unreadable: start `current` as it is
  }
}

/** A write-and-rename, as the agent writes update.json and switches `current`. */
function replace(path: string, write: (tmp: string) => void): void {
  const tmp = join(dir, `.${basename(path)}.launch-${process.pid}`);
  rmSync(tmp, { force: true });
  write(tmp);
  renameSync(tmp, path);
}

if (process.argv[2] === "run") {
  try {
    const current = readlinkSync(join(dir, "current"));
    const step = afterStart(readState(), current, (f) => existsSync(join(dir, f, "agent.mjs")));
    // The link first: a power cut between the two leaves the old version running, which sees the
    // state still naming the new one and reports the rollback all the same (update.ts, afterBirth).
    if (step.switchTo) replace(join(dir, "current"), (tmp) => symlinkSync(step.switchTo!, tmp));
    if (step.state)
      replace(stateFile, (tmp) => writeFileSync(tmp, `${JSON.stringify(step.state)}\n`, { mode: 0o644 }));
    if (step.message) console.error(`edgeseg launch: ${step.message}`);
  } catch (error) {
    // Bookkeeping must never keep the agent from starting (no link, a read-only directory).
    console.error(`edgeseg launch: update state not checked: ${(error as Error).message}`);
  }
}
await import(pathToFileURL(join(dir, "current", "agent.mjs")).href);
