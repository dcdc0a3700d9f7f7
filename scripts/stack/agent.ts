import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { dirname, join } from "node:path";
import type { Db } from "@edgeseg/db";
import { type Child, startChild } from "./child.ts";
import { agentCli } from "./cli.ts";
import { createToken } from "./hub.ts";
import { agentBin, repoRoot, type StackLayout } from "./paths.ts";
import { waitUntil } from "./wait.ts";

export interface AgentIdentity {
  deviceId: string;
  /** False when an earlier run had enrolled this machine already. */
  enrolled: boolean;
}

function writeConfig(path: string, config: Record<string, unknown>): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  writeFileSync(path, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600); // the agent refuses a config others can read: it holds the device secret
}

/**
 * Enrols the local agent with a fresh token (`edgeseg-agent enroll`), or keeps the identity of an
 * earlier run when its device is still active and signs its results, pointing it at this run's hub
 * URLs. An identity from before signed results is replaced: the hub would never rank its results.
 */
export async function ensureEnrolled(
  layout: StackLayout,
  db: Db,
  urls: { httpUrl: string; mqttUrl: string },
  telemetryIntervalS: number,
): Promise<AgentIdentity> {
  if (existsSync(layout.agentConfig)) {
    const config = JSON.parse(readFileSync(layout.agentConfig, "utf8")) as Record<string, unknown>;
    const deviceId = typeof config.deviceId === "string" ? config.deviceId : null;
    const device = deviceId
      ? await db.prisma.device.findUnique({
          where: { id: deviceId },
          select: { status: true, signingKey: true },
        })
      : null;
    const signs = typeof config.signingKeyFile === "string" && existsSync(config.signingKeyFile);
    if (deviceId && device?.status === "active" && device.signingKey !== null && signs) {
      if (config.hubUrl !== urls.httpUrl || config.mqttUrl !== urls.mqttUrl) {
        writeConfig(layout.agentConfig, { ...config, hubUrl: urls.httpUrl, mqttUrl: urls.mqttUrl });
      }
      return { deviceId, enrolled: false };
    }
  }
  // Local settings first, as a field engineer would write them; enrolment adds the identity.
  writeConfig(layout.agentConfig, { dataDir: layout.agentDataDir, telemetryIntervalS, shutdownGraceS: 5 });
  const token = await createToken(layout);
  const out = await agentCli<{ deviceId: string }>([
    "enroll",
    "--hub",
    urls.httpUrl,
    "--token",
    token,
    "--config",
    layout.agentConfig,
    "--name",
    `${hostname()} (quick start)`,
  ]);
  return { deviceId: out.deviceId, enrolled: true };
}

/** `edgeseg-agent run`, ready once the hub has marked the device online (its birth message). */
export async function startAgent(layout: StackLayout, db: Db, deviceId: string): Promise<Child> {
  const agent = startChild({
    name: "edgeseg-agent",
    command: process.execPath,
    args: [agentBin, "run", "--config", layout.agentConfig],
    logFile: join(layout.logsDir, "agent.log"),
    cwd: repoRoot,
    env: { ...process.env, EDGESEG_LOG_LEVEL: process.env.EDGESEG_LOG_LEVEL ?? "info" },
  });
  await waitUntil(
    async () =>
      (await db.prisma.device.findUnique({ where: { id: deviceId }, select: { online: true } }))?.online,
    "the local agent to come online",
    { timeoutMs: 60_000, children: [agent] },
  );
  return agent;
}
