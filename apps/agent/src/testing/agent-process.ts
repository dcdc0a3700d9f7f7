import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { saveConfig } from "../config/index.ts";
import type { AgentConfig } from "../config/schema.ts";

const entry = fileURLToPath(new URL("../commands/run/test-entry.ts", import.meta.url));
const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

/** `edgeseg-agent run --config <file>` as a real process, for kill -9 and SIGTERM. */
export async function spawnAgent(
  config: AgentConfig,
  configPath: string,
  /** entryArgs go between a prebuilt entry and the config path, e.g. the bundle's ["run", "--config"]. */
  opts: { nodeArgs?: string[]; entry?: string; entryArgs?: string[] } = {},
) {
  await saveConfig(configPath, config);
  // Default: TypeScript source through tsx's loader, as the published bin runs it.
  const args = opts.entry
    ? [...(opts.nodeArgs ?? []), opts.entry, ...(opts.entryArgs ?? [])]
    : [...(opts.nodeArgs ?? []), "--import", "tsx", entry];
  const child: ChildProcess = spawn(process.execPath, [...args, configPath], {
    cwd: repoRoot,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, EDGESEG_LOG_LEVEL: "info" },
  });
  let output = "";
  child.stdout?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on("data", (d: Buffer) => {
    output += d.toString();
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once("exit", (code, signal) => resolve({ code, signal })),
  );
  return { child, exited, output: () => output };
}
