import { join } from "node:path";
import { DAEMON_NODE_FLAGS } from "../../../apps/agent/src/commands/install-service/unit.ts";
import { spawnTracked } from "../../support/process.ts";

export interface IdleFootprint {
  seconds: number;
  rssMb: { min: number; max: number; last: number };
  rssAnonMb: { min: number; max: number };
  pssMb: number;
  cpuPercentOfOneCore: number;
  telemetryMessages: number;
  /** Whether the daemon process maps ONNX Runtime's native library (it must not while idle). */
  onnxRuntimeMapped: boolean;
  how: string;
  /** The same window again after `jobs` benchmark jobs ran (null when none were asked for). */
  afterJobs: (Omit<IdleFootprint, "telemetryMessages" | "how" | "afterJobs"> & { jobs: number }) | null;
}

/** Jobs `bench:ingest` runs before its second idle window (the ≤ 60 MB goal holds after jobs too). */
export const IDLE_JOBS = 2;

/**
 * The agent daemon's footprint while connected and idle: `edgeseg-agent run` as a real process
 * against a real broker, sampled from /proc for `seconds` by apps/agent's own measurement script
 * (apps/agent/src/daemon/idle-footprint.ts), whose JSON summary is returned.
 */
export async function measureIdleAgent(
  seconds: number,
  opts: { bundleDir?: string; jobs?: number } = {},
): Promise<IdleFootprint> {
  const script = join("apps", "agent", "src", "daemon", "idle-footprint.ts");
  // bundleDir: an unpacked release bundle (npm run build:agent), run as `node agent.mjs run --config`.
  // jobs: run that many threshold-seg jobs after the first window, then measure again.
  const env = {
    ...process.env,
    ...(opts.bundleDir ? { EDGESEG_AGENT_BUNDLE: opts.bundleDir } : {}),
    ...(opts.jobs ? { EDGESEG_IDLE_JOBS: String(opts.jobs) } : {}),
  };
  // A bundle runs with the V8 flags its systemd unit gives it (install-service), as on a device.
  const nodeArgs = opts.bundleDir ? [...DAEMON_NODE_FLAGS] : [];
  const run = spawnTracked(process.execPath, ["--import", "tsx", script, String(seconds), ...nodeArgs], {
    env,
  });
  const { code } = await run.exited;
  await run.stop();
  const text = run.output();
  const json = text.slice(text.indexOf("{"), text.lastIndexOf("}") + 1);
  if (code !== 0 || !json) throw new Error(`idle-footprint exited ${code}:\n${text.slice(-2000)}`);
  return JSON.parse(json) as IdleFootprint;
}
