import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));
export const hubBin = join(repoRoot, "apps/hub/bin/edgeseg-hub.js");
export const agentBin = join(repoRoot, "apps/agent/bin/edgeseg-agent.js");
export const nextBin = join(repoRoot, "node_modules/next/dist/bin/next");
export const dashboardDir = join(repoRoot, "apps/dashboard");

/** Where one stack keeps its state: the hub's data directory, the agent's, and the children's logs. */
export interface StackLayout {
  root: string;
  /** The hub's data directory (edgeseg.db, artifacts, service-secret); the dashboard's EDGESEG_DATA_DIR. */
  hubDir: string;
  agentConfig: string;
  agentDataDir: string;
  logsDir: string;
  pidFile: string;
}

export function stackLayout(root: string): StackLayout {
  return {
    root,
    hubDir: join(root, "hub"),
    agentConfig: join(root, "agent", "agent.json"),
    agentDataDir: join(root, "agent", "data"),
    logsDir: join(root, "logs"),
    pidFile: join(root, "quickstart.pid"),
  };
}
