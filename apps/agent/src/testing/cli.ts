import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const bin = fileURLToPath(new URL("../../bin/edgeseg-agent.js", import.meta.url));
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `edgeseg-agent` binary, as a user's shell would. */
export function runCli(
  args: string[],
  opts: { cwd?: string; timeoutMs?: number; env?: Record<string, string> } = {},
): CliRun {
  const out = spawnSync(process.execPath, [bin, ...args], {
    cwd: opts.cwd ?? repoRoot,
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 120_000,
    env: { ...process.env, FORCE_COLOR: "0", ...opts.env },
  });
  return { status: out.status, stdout: out.stdout, stderr: out.stderr };
}
