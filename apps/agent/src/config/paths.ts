import { homedir } from "node:os";
import { join, resolve } from "node:path";

/** `--config`, else $EDGESEG_AGENT_CONFIG, else $XDG_CONFIG_HOME/edgeseg/agent.json (~/.config/...). */
export function resolveConfigPath(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (flag) return resolve(flag);
  if (env.EDGESEG_AGENT_CONFIG) return resolve(env.EDGESEG_AGENT_CONFIG);
  return join(env.XDG_CONFIG_HOME || join(homedir(), ".config"), "edgeseg", "agent.json");
}

/** Default state directory for a newly enrolled agent: $XDG_DATA_HOME/edgeseg/agent (~/.local/share/...). */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(homedir(), ".local", "share"), "edgeseg", "agent");
}
