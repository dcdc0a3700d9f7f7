import { type ChildProcess, execFile, spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { copyFile, mkdir, readFile, rename, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import { pipeline } from "node:stream/promises";
import { promisify } from "node:util";
import { AppError, type CommandMessage, type ErrorCode, newEnvelope } from "@edgeseg/protocol";
import type { Logger } from "pino";
import { installLayout } from "../commands/status/gather.ts";
import { hubPin } from "../config/hub-trust.ts";
import type { AgentConfig } from "../config/index.ts";
import { hubRequest } from "../net/hub-request.ts";
import { AGENT_VERSION } from "../version.ts";
import type { DaemonContext } from "./context.ts";
import { readUpdateState, type UpdateState, writeUpdateState } from "./update-state.ts";

type UpdateArgs = Extract<CommandMessage, { command: "update-agent" }>["args"];

export interface UpdateDeps {
  config: AgentConfig;
  configPath: string | undefined;
  logger: Logger;
  sendNow: DaemonContext["sendNow"];
  now: () => Date;
  /** Stops the daemon: no more jobs, the spool flushed, offline published, disconnected. */
  closeDaemon: () => Promise<void>;
  /** Ends this process; the service manager (systemd Restart=always) starts `current/agent.mjs` again. */
  exit: (code: number) => void;
}

/** The message a trial child sends its parent once its birth message is out. */
const ONLINE = "edgeseg-update-online";

let updating = false;

/**
 * The `update-agent` command. In the install.sh layout (`<dir>/<version folder>`, `<dir>/current`):
 * download the platform's bundle from the hub, check its sha256 and every file against its
 * SHA256SUMS, unpack it beside the running one, stop this daemon, switch `current` atomically
 * (rename(2) of a new link over the old), and start the new agent as a trial child. It must publish
 * its birth message within timeoutS; then this process exits and the service manager starts the new
 * version from `current`, which confirms the update once it has connected (afterBirth) — or, when it
 * fails at those starts, the launcher switches back (launcher/unconfirmed.ts). When the trial fails,
 * `current` is switched back at once, and the exit restarts the old one, which reports the rollback
 * to the hub as an error event once it is connected.
 */
export async function selfUpdate(args: UpdateArgs, deps: UpdateDeps): Promise<void> {
  const { logger } = deps;
  if (updating) return logger.warn("update-agent ignored: an update is already under way");
  updating = true;
  const fail = (code: ErrorCode, message: string) => {
    logger.error(`update to ${args.version} refused: ${message}`);
    void deps.sendNow("events", {
      ...newEnvelope(deps.config.deviceId, deps.now()),
      code,
      message: `update to ${args.version} refused: ${message}`.slice(0, 2000),
    });
    updating = false;
  };
  if (args.version === AGENT_VERSION) {
    updating = false;
    return logger.info(`update-agent: already at ${AGENT_VERSION}`);
  }
  const layout = await installLayout().catch(() => null);
  if (!layout || !deps.configPath) {
    return fail(
      "INPUT",
      "this agent was not installed by install.sh (no <dir>/current link beside its folder); reinstall it with the hub's install.sh",
    );
  }
  const platform = (await readFile(join(layout.dir, layout.running, "VERSION"), "utf8")).split("\n")[1];
  const bundle = args.bundles.find((b) => b.platform === platform);
  if (!bundle) return fail("NOT_FOUND", `the hub has no bundle for ${platform}`);
  const name = bundle.file.replace(/\.tar\.gz$/, "");
  let installed: string;
  try {
    installed = await fetchAndUnpack(deps, layout.dir, bundle, name);
  } catch (error) {
    const code = error instanceof AppError ? error.code : "RUNTIME";
    return fail(code, (error as Error).message);
  }
  logger.info({ from: AGENT_VERSION, to: args.version }, `update: ${installed} verified; restarting into it`);
  await deps.closeDaemon();
  const from = layout.running;
  await switchCurrent(layout.dir, name);
  const state: UpdateState = {
    from,
    to: name,
    version: args.version,
    status: "trial",
    reason: null,
    reported: false,
    starts: 0,
  };
  await writeUpdateState(layout.dir, state);
  const online = await trial(
    join(layout.dir, name, "agent.mjs"),
    deps.configPath,
    args.timeoutS * 1000,
    logger,
  );
  if (online.ok) {
    // Not done yet: the service's own start of it must come online too, or the launcher
    // (<dir>/launch.mjs) switches back after MAX_UNCONFIRMED_STARTS starts.
    await writeUpdateState(layout.dir, { ...state, status: "confirming" });
    logger.info(`update: ${args.version} came online; exiting so that the service starts it`);
    return deps.exit(0);
  }
  await switchCurrent(layout.dir, from);
  await writeUpdateState(layout.dir, { ...state, status: "rolled-back", reason: online.reason });
  logger.error(`update: ${args.version} did not come online (${online.reason}); switched back to ${from}`);
  deps.exit(1);
}

async function fetchAndUnpack(
  deps: UpdateDeps,
  dir: string,
  bundle: UpdateArgs["bundles"][number],
  name: string,
) {
  const url = new URL(`/api/agent/bundles/${bundle.file}`, deps.config.hubUrl).href;
  const pin = hubPin(deps.config);
  const res = await hubRequest(url, { timeoutMs: 60_000, ...(pin ? { pin } : {}) });
  if (res.statusCode !== 200) {
    res.resume();
    throw new AppError("NOT_FOUND", `GET ${url} answered ${res.statusCode}`);
  }
  const download = join(dir, `.${bundle.file}.download`);
  const hash = createHash("sha256");
  res.on("data", (chunk: Buffer) => hash.update(chunk));
  await pipeline(res, createWriteStream(download, { mode: 0o600 }));
  const got = hash.digest("hex");
  if (got !== bundle.sha256) {
    await rm(download, { force: true });
    throw new AppError(
      "INTEGRITY",
      `${bundle.file} has sha256 ${got}, the hub's command says ${bundle.sha256}`,
    );
  }
  const partial = join(dir, `.${name}.partial`);
  await rm(partial, { recursive: true, force: true });
  await mkdir(partial, { recursive: true });
  await promisify(execFile)("tar", ["-xzf", download, "-C", partial]);
  await rm(download, { force: true });
  await verifyTree(join(partial, name));
  await rm(join(dir, name), { recursive: true, force: true });
  await rename(join(partial, name), join(dir, name));
  await rm(partial, { recursive: true, force: true });
  return join(dir, name);
}

/** Every file against the bundle's own SHA256SUMS (`sha256sum -c` format). */
async function verifyTree(root: string): Promise<void> {
  const sums = (await readFile(join(root, "SHA256SUMS"), "utf8")).split("\n").filter(Boolean);
  for (const line of sums) {
    const [sum, file] = [line.slice(0, 64), line.slice(66)];
    const h = createHash("sha256");
    await pipeline(createReadStream(join(root, file)), h);
    if (h.digest("hex") !== sum)
      throw new AppError("INTEGRITY", `${file} in the bundle does not match its SHA256SUMS`);
  }
}

/** `current` → name, atomically: a new link under a temporary name renamed over the old one. */
async function switchCurrent(dir: string, name: string): Promise<void> {
  const tmp = join(dir, `.current.${process.pid}`);
  await rm(tmp, { force: true });
  await symlink(name, tmp);
  await rename(tmp, join(dir, "current"));
}

/** Starts the new agent as a child with an IPC channel; resolves once it says it is online, or why not. */
function trial(
  agent: string,
  configPath: string,
  timeoutMs: number,
  logger: Logger,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const node = process.env.EDGESEG_CHILD_NODE || process.execPath;
  const child: ChildProcess = spawn(node, [agent, "run", "--config", configPath], {
    stdio: ["ignore", "inherit", "inherit", "ipc"],
    env: { ...process.env, EDGESEG_UPDATE_TRIAL: "1" },
  });
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: { ok: true } | { ok: false; reason: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      // The trial ends either way: the service manager starts the version `current` names.
      if (child.exitCode === null && child.signalCode === null) {
        child.once("exit", () => resolve(r));
        child.kill("SIGTERM");
        setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
      } else resolve(r);
    };
    const timer = setTimeout(
      () => finish({ ok: false, reason: `no birth message within ${timeoutMs / 1000} s` }),
      timeoutMs,
    );
    child.on("message", (m) => {
      if ((m as { type?: string })?.type === ONLINE) finish({ ok: true });
    });
    child.once("exit", (code, signal) =>
      finish({
        ok: false,
        reason: `the new agent exited (${signal ?? `code ${code}`}) before it was online`,
      }),
    );
    child.once("error", (e) => finish({ ok: false, reason: `the new agent could not start: ${e.message}` }));
    logger.info({ pid: child.pid }, "update: new agent started on trial");
  });
}

/**
 * Called by the daemon after each birth message. In a trial child, tells the parent it is online. In
 * a normal start: a version still confirming that is the one running confirms itself (the update is
 * done; its launcher becomes the installation's); a rollback the previous process or the launcher
 * recorded is reported (once) as an error event.
 */
export async function afterBirth(
  deps: Pick<UpdateDeps, "config" | "sendNow" | "now" | "logger">,
): Promise<void> {
  if (process.env.EDGESEG_UPDATE_TRIAL && process.send) {
    process.send({ type: ONLINE, version: AGENT_VERSION });
    return;
  }
  const layout = await installLayout().catch(() => null);
  if (!layout) return;
  let state = await readUpdateState(layout.dir);
  if (state?.status === "confirming" && layout.running === state.to) {
    await adoptLauncher(layout.dir, state.to).catch((e) =>
      deps.logger.warn(`update: launch.mjs not refreshed: ${(e as Error).message}`),
    );
    await writeUpdateState(layout.dir, { ...state, status: "done", reported: true });
    deps.logger.info(`update to ${state.version} confirmed: connected after ${state.starts} start(s)`);
    return;
  }
  if (state?.status === "confirming" && layout.running === state.from) {
    // Switched back before the launcher could record why (a power cut in between, or by hand).
    state = { ...state, status: "rolled-back", reason: `${state.from} is running again`, reported: false };
  }
  if (state?.status !== "rolled-back" || state.reported) return;
  await deps.sendNow("events", {
    ...newEnvelope(deps.config.deviceId, deps.now()),
    code: "RUNTIME",
    message: `update to ${state.version} rolled back to ${state.from}: ${state.reason}`.slice(0, 2000),
  });
  await writeUpdateState(layout.dir, { ...state, reported: true });
  deps.logger.warn(`the update to ${state.version} was rolled back (${state.reason}); reported to the hub`);
}

/**
 * A confirmed version's launcher replaces the installation's (write-and-rename): a new launcher is
 * only ever taken from a version that has come online as the service.
 */
async function adoptLauncher(dir: string, folder: string): Promise<void> {
  const tmp = join(dir, `.launch.mjs.${process.pid}`);
  await copyFile(join(dir, folder, "launch.mjs"), tmp);
  await rename(tmp, join(dir, "launch.mjs"));
}
