import { mkdir } from "node:fs/promises";
import { dirname } from "node:path";
import { writeDurable } from "../daemon/fs-durable.ts";
import { type AgentConfig, type AgentConfigInput, agentConfigSchema } from "./schema.ts";

/** Validates and writes the config atomically with mode 0600 (its directory 0700 when created). */
export async function saveConfig(path: string, config: AgentConfigInput): Promise<AgentConfig> {
  const valid = agentConfigSchema.parse(config);
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await writeDurable(path, `${JSON.stringify(valid, null, 2)}\n`, 0o600);
  return valid;
}
