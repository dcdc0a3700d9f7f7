import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { agentBin, hubBin, repoRoot } from "./paths.ts";

const run = promisify(execFile);

/** Runs an edgeseg CLI command with `--json` and returns its parsed output; a failure names the command. */
async function json<T>(bin: string, name: string, args: string[]): Promise<T> {
  try {
    const { stdout } = await run(process.execPath, [bin, ...args, "--json"], {
      cwd: repoRoot,
      timeout: 120_000,
      maxBuffer: 16 * 1024 * 1024,
    });
    return JSON.parse(stdout) as T;
  } catch (error) {
    const e = error as { stderr?: string; stdout?: string; message: string };
    const said = (e.stderr || e.stdout || e.message).trim();
    throw new Error(`${name} ${args.slice(0, 2).join(" ")} failed: ${said}`);
  }
}

export const hubCli = <T>(args: string[]) => json<T>(hubBin, "edgeseg-hub", args);
export const agentCli = <T>(args: string[]) => json<T>(agentBin, "edgeseg-agent", args);
