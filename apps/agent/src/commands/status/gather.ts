import { lstat, readdir, readFile, readlink, realpath, stat } from "node:fs/promises";
import { connect } from "node:net";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { hubPin } from "../../config/hub-trust.ts";
import { type AgentConfig, loadConfig } from "../../config/index.ts";
import { hubRequest } from "../../net/hub-request.ts";
import { AGENT_VERSION } from "../../version.ts";
import { type LastResult, readLastResult } from "./last-result.ts";
import { type ServiceState, serviceState } from "./service.ts";
import { type SpoolUsage, spoolUsage } from "./spool-usage.ts";

export interface Reach {
  reachable: boolean;
  ms: number | null;
  error: string | null;
}

export interface AgentStatus {
  ok: boolean;
  version: string;
  node: string;
  /** The install.sh layout (versioned folders and a `current` link), when this agent runs from one. */
  install: { dir: string; current: string | null; running: string } | null;
  config: {
    path: string;
    deviceId: string;
    name: string | null;
    dataDir: string;
    hubUrl: string;
    mqttUrl: string;
  };
  enrolment: { signed: boolean; caPinned: string | null };
  hub: { http: Reach & { status: number | null }; mqtt: Reach };
  service: ServiceState;
  jobs: { pending: string[]; last: { key: string; ack: string; reason: string | null; at: string } | null };
  lastResult: (LastResult & { delivered: boolean }) | null;
  spool: SpoolUsage;
}

const firstLine = (e: unknown) => String((e as Error)?.message ?? e).split("\n")[0]!;

async function reachHttp(config: AgentConfig, timeoutMs: number): Promise<AgentStatus["hub"]["http"]> {
  const started = performance.now();
  try {
    const pin = hubPin(config);
    const res = await hubRequest(new URL("/healthz", config.hubUrl).href, {
      timeoutMs,
      ...(pin ? { pin } : {}),
    });
    res.resume();
    return {
      reachable: true,
      status: res.statusCode ?? null,
      ms: Math.round(performance.now() - started),
      error: null,
    };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return {
      reachable: false,
      status: null,
      ms: null,
      error: code ? `${code}: ${firstLine(error)}` : firstLine(error),
    };
  }
}

/** A TCP connection to the broker's port (no MQTT session: the running daemon holds the device's). */
function reachMqtt(url: string, timeoutMs: number): Promise<Reach> {
  const u = new URL(url);
  const defaults: Record<string, number> = {
    "mqtt:": 1883,
    "tcp:": 1883,
    "mqtts:": 8883,
    "ssl:": 8883,
    "ws:": 80,
    "wss:": 443,
  };
  const port = Number(u.port || defaults[u.protocol] || 1883);
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = connect({ host: u.hostname.replace(/^\[|\]$/g, ""), port, timeout: timeoutMs });
    const done = (r: Reach) => {
      socket.destroy();
      resolve(r);
    };
    socket.once("connect", () =>
      done({ reachable: true, ms: Math.round(performance.now() - started), error: null }),
    );
    socket.once("timeout", () =>
      done({ reachable: false, ms: null, error: `no answer within ${timeoutMs} ms` }),
    );
    socket.once("error", (e: NodeJS.ErrnoException) =>
      done({ reachable: false, ms: null, error: e.code ?? e.message }),
    );
  });
}

async function jobs(dataDir: string): Promise<AgentStatus["jobs"]> {
  const pending = (await readdir(join(dataDir, "jobs", "pending")).catch(() => [] as string[]))
    .filter((n) => n.endsWith(".json"))
    .map((n) => n.slice(0, -5));
  const donePath = join(dataDir, "jobs", "done.json");
  try {
    const done = JSON.parse(await readFile(donePath, "utf8")) as {
      key: string;
      ack: string;
      reason: string | null;
    }[];
    const last = done.at(-1);
    const at = (await stat(donePath)).mtime.toISOString();
    return { pending, last: last ? { key: last.key, ack: last.ack, reason: last.reason, at } : null };
  } catch {
    return { pending, last: null };
  }
}

/** Where this agent.mjs runs from, if install.sh laid it out (`<dir>/<version folder>` + `<dir>/current`). */
export async function installLayout(): Promise<AgentStatus["install"]> {
  if (!process.env.EDGESEG_AGENT_BUNDLED_VERSION) return null;
  const running = dirname(await realpath(fileURLToPath(import.meta.url)));
  const dir = dirname(running);
  const link = join(dir, "current");
  const isLink = await lstat(link).then(
    (s) => s.isSymbolicLink(),
    () => false,
  );
  if (!isLink) return null;
  return { dir, current: await readlink(link).catch(() => null), running: basename(running) };
}

export async function gatherStatus(configPath: string, timeoutMs: number): Promise<AgentStatus> {
  const config = await loadConfig(configPath);
  const [http, mqtt, install, jobState, last, spool] = await Promise.all([
    reachHttp(config, timeoutMs),
    reachMqtt(config.mqttUrl, timeoutMs),
    installLayout().catch(() => null),
    jobs(config.dataDir),
    readLastResult(config.dataDir),
    spoolUsage(join(config.dataDir, "spool")),
  ]);
  const waiting = new Set(
    (await readdir(join(config.dataDir, "spool")).catch(() => [] as string[])).map((n) => n.split(".")[1]),
  );
  const service = serviceState();
  return {
    ok: http.reachable && http.status === 200 && mqtt.reachable,
    version: AGENT_VERSION,
    node: process.version,
    install,
    config: {
      path: configPath,
      deviceId: config.deviceId,
      name: config.name ?? null,
      dataDir: config.dataDir,
      hubUrl: config.hubUrl,
      mqttUrl: config.mqttUrl,
    },
    enrolment: { signed: Boolean(config.signingKeyFile), caPinned: config.caFingerprint ?? null },
    hub: { http, mqtt },
    service,
    jobs: jobState,
    lastResult: last ? { ...last, delivered: !waiting.has(last.resultId) } : null,
    spool,
  };
}
