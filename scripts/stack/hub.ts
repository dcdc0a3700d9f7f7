import { join } from "node:path";
import { type Child, startChild } from "./child.ts";
import { hubCli } from "./cli.ts";
import { hubBin, repoRoot, type StackLayout } from "./paths.ts";
import { httpOk, waitUntil } from "./wait.ts";

export interface HubPorts {
  mqttPort: number;
  httpPort: number;
}

/** `edgeseg-hub serve` on 127.0.0.1 (no WebSocket listener), ready once `/healthz` answers 200. */
export async function startHub(layout: StackLayout, ports: HubPorts): Promise<Child> {
  const hub = startChild({
    name: "edgeseg-hub",
    command: process.execPath,
    args: [
      hubBin,
      "serve",
      "--data-dir",
      layout.hubDir,
      "--host",
      "127.0.0.1",
      "--mqtt-port",
      String(ports.mqttPort),
      "--http-port",
      String(ports.httpPort),
      "--ws-port",
      "off",
    ],
    logFile: join(layout.logsDir, "hub.log"),
    cwd: repoRoot,
    env: process.env,
  });
  await waitUntil(() => httpOk(`http://127.0.0.1:${ports.httpPort}/healthz`), "the hub's /healthz", {
    timeoutMs: 60_000,
    children: [hub],
  });
  return hub;
}

/** A single-use enrolment token, valid for 30 minutes. */
export async function createToken(layout: StackLayout): Promise<string> {
  const { token } = await hubCli<{ token: string }>([
    "token",
    "create",
    "--data-dir",
    layout.hubDir,
    "--expires",
    "30m",
  ]);
  return token;
}

export interface ImportedSuite {
  suiteId: string;
  version: string;
  sha256: string;
  models: { modelId: string; version: string }[];
}

/** `edgeseg-hub suite import standard-v1`: the suite and the models it pins (idempotent). */
export function importSuite(layout: StackLayout, suite: string): Promise<ImportedSuite> {
  return hubCli<ImportedSuite>(["suite", "import", suite, "--data-dir", layout.hubDir]);
}
