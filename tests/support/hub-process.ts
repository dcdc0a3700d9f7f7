import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { freePort } from "./free-port.ts";
import { hubEnv } from "./hub-db.ts";
import { type LogLine, type Running, repoRoot, spawnTracked } from "./process.ts";
import { waitFor } from "./wait.ts";

const bin = join(repoRoot, "apps/hub/bin/edgeseg-hub.js");

export interface HubProcess extends Running {
  dataDir: string;
  mqttUrl: string;
  httpUrl: string;
  /** null with an external broker. */
  mqttPort: number | null;
  httpPort: number;
  /** Log lines at warn or above that mention `deviceId`. */
  warningsFor(deviceId: string): LogLine[];
}

export interface HubStart {
  dataDir: string;
  /** 0 (default) = any free port; a number to restart on the same port. */
  mqttPort?: number;
  httpPort?: number;
  /** External broker URL (--broker): no embedded broker. */
  broker?: string;
  logLevel?: string;
  /** More `serve` flags, e.g. limits a load test must not meet. */
  extraArgs?: string[];
  /** Flags for node itself, before the script (e.g. `--cpu-prof`). */
  nodeArgs?: string[];
}

/**
 * `edgeseg-hub serve` as a real process on 127.0.0.1, resolved once it logs "hub listening" with the
 * URLs it bound (port 0 = any free port).
 */
export async function startHubProcess(opts: HubStart): Promise<HubProcess> {
  const level = opts.logLevel ?? "info";
  // Above info the hub does not log "hub listening": choose the ports here and poll /healthz instead.
  const quiet = !["info", "debug", "trace"].includes(level);
  const httpPort = opts.httpPort ?? (quiet ? await freePort() : 0);
  const mqttPort = opts.mqttPort ?? (quiet ? await freePort() : 0);
  const args = [...(opts.nodeArgs ?? []), bin, "serve", "--data-dir", opts.dataDir, "--ws-port", "off"];
  args.push("--http-port", String(httpPort), "--log-level", level);
  if (opts.broker) args.push("--broker", opts.broker);
  else args.push("--mqtt-port", String(mqttPort));
  args.push(...(opts.extraArgs ?? []));
  const running = spawnTracked(process.execPath, args, { env: hubEnv(opts.dataDir) });
  const listening = quiet
    ? await waitHealthy(running, httpPort, opts.broker ? null : mqttPort)
    : await waitFor(
        () => {
          if (running.hasExited())
            throw new Error(`edgeseg-hub exited before listening:\n${running.output()}`);
          return running.lines.find((l) => l.msg === "hub listening");
        },
        "edgeseg-hub to listen",
        { timeoutMs: 30_000, everyMs: 50 },
      );
  const mqttUrl = String(listening.mqttUrl);
  const httpUrl = String(listening.httpUrl);
  return Object.assign(running, {
    dataDir: opts.dataDir,
    mqttUrl,
    httpUrl,
    mqttPort: opts.broker ? null : Number(new URL(mqttUrl).port),
    httpPort: Number(new URL(httpUrl).port),
    warningsFor: (deviceId: string) =>
      running.lines.filter((l) => (l.level ?? 0) >= 40 && JSON.stringify(l).includes(deviceId)),
  });
}

async function waitHealthy(running: Running, httpPort: number, mqttPort: number | null) {
  const httpUrl = `http://127.0.0.1:${httpPort}`;
  await waitFor(
    async () => {
      if (running.hasExited()) throw new Error(`edgeseg-hub exited before listening:\n${running.output()}`);
      return fetch(`${httpUrl}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
    },
    "edgeseg-hub /healthz",
    { timeoutMs: 30_000, everyMs: 100 },
  );
  return { httpUrl, mqttUrl: mqttPort === null ? "" : `mqtt://127.0.0.1:${mqttPort}` };
}

/** Runs an `edgeseg-hub` admin command against a data directory; returns its parsed `--json` output. */
export function hubCli<T = Record<string, unknown>>(dataDir: string, args: string[]): T {
  const out = spawnSync(process.execPath, [bin, ...args, "--data-dir", dataDir, "--json"], {
    cwd: repoRoot,
    env: hubEnv(dataDir),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (out.status !== 0) {
    throw new Error(`edgeseg-hub ${args.join(" ")} exited ${out.status}: ${out.stderr}${out.stdout}`);
  }
  return JSON.parse(out.stdout) as T;
}
