import { spawnSync } from "node:child_process";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Running, repoRoot, spawnTracked } from "./process.ts";
import { waitFor } from "./wait.ts";

const bin = join(repoRoot, "apps/agent/bin/edgeseg-agent.js");

export interface EnrolledAgent {
  configPath: string;
  deviceId: string;
  secret: string;
  dataDir: string;
  mqttUrl: string;
  /** What the enrolment sent over HTTP, as the enroll command counted it. */
  egress: { requests: number; bytes: number };
}

export interface EnrolOptions {
  hubUrl: string;
  token: string;
  dir: string;
  datasets?: Record<string, string>;
  telemetryIntervalS?: number;
  /** The hub CA's fingerprint, for an https:// hub. */
  caFingerprint?: string;
  /** The agent's storage receipt window (resultReceiptWaitS; the wait doubles up to 8 × this). */
  receiptWaitS?: number;
}

function prepareEnrol(opts: EnrolOptions): { configPath: string; args: string[] } {
  const configPath = join(opts.dir, "agent.json");
  const local = {
    dataDir: join(opts.dir, "data"),
    datasets: opts.datasets ?? {},
    telemetryIntervalS: opts.telemetryIntervalS ?? 5,
    shutdownGraceS: 2,
    ...(opts.receiptWaitS
      ? { resultReceiptWaitS: opts.receiptWaitS, resultReceiptWaitMaxS: 8 * opts.receiptWaitS }
      : {}),
  };
  mkdirSync(opts.dir, { recursive: true });
  writeFileSync(configPath, JSON.stringify(local), { mode: 0o600 });
  chmodSync(configPath, 0o600);
  const args = [
    ...[bin, "enroll", "--hub", opts.hubUrl, "--token", opts.token, "--config", configPath, "--json"],
    ...(opts.caFingerprint ? ["--ca-fingerprint", opts.caFingerprint] : []),
  ];
  return { configPath, args };
}

function enrolled(configPath: string, stdout: string): EnrolledAgent {
  const printed = JSON.parse(stdout) as Omit<EnrolledAgent, "configPath" | "secret">;
  const config = JSON.parse(readFileSync(configPath, "utf8")) as { secret: string };
  return { configPath, ...printed, secret: config.secret };
}

/**
 * `edgeseg-agent enroll --json` against a hub's HTTP URL. The local settings (data directory, local
 * datasets, a short telemetry period) are written first, as a field engineer would: enrolment keeps
 * them and adds the identity the hub issues.
 */
export function enrollAgent(opts: EnrolOptions): EnrolledAgent {
  const { configPath, args } = prepareEnrol(opts);
  const out = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: "utf8", timeout: 60_000 });
  if (out.status !== 0) throw new Error(`edgeseg-agent enroll exited ${out.status}: ${out.stderr}`);
  return enrolled(configPath, out.stdout);
}

/** As enrollAgent, without blocking this process: for an enrolment that goes through a test's own server. */
export async function enrollAgentAsync(opts: EnrolOptions): Promise<EnrolledAgent> {
  const { configPath, args } = prepareEnrol(opts);
  const running = spawnTracked(process.execPath, args);
  const { code } = await running.exited;
  const out = running.output();
  if (code !== 0) throw new Error(`edgeseg-agent enroll exited ${code}: ${out}`);
  // --json prints one indented object and nothing else on success.
  return enrolled(configPath, out.slice(out.indexOf("{"), out.lastIndexOf("}") + 1));
}

export interface AgentProcess extends Running {
  /** Resolves once the agent has logged `msg` (a string or pattern) `count` times in total. */
  waitForLog(msg: string | RegExp, opts?: { timeoutMs?: number; count?: number }): Promise<void>;
}

/** `edgeseg-agent run --config <file>` as a real process; resolves once it has connected. */
export async function startAgentProcess(configPath: string, opts: { connected?: boolean } = {}) {
  const running = spawnTracked(process.execPath, [bin, "run", "--config", configPath], {
    env: { ...process.env, EDGESEG_LOG_LEVEL: "info" },
  });
  const agent: AgentProcess = Object.assign(running, {
    async waitForLog(msg: string | RegExp, o: { timeoutMs?: number; count?: number } = {}) {
      const matches = (m: unknown) =>
        typeof m === "string" && (typeof msg === "string" ? m === msg : msg.test(m));
      await waitFor(
        () => {
          if (running.hasExited()) throw new Error(`edgeseg-agent exited:\n${running.output()}`);
          return running.lines.filter((l) => matches(l.msg)).length >= (o.count ?? 1);
        },
        `the agent to log "${msg}"`,
        { timeoutMs: o.timeoutMs ?? 60_000, everyMs: 50, context: () => running.output().slice(-4000) },
      );
    },
  });
  if (opts.connected !== false) await agent.waitForLog(/^connected to /, { timeoutMs: 30_000 });
  return agent;
}
