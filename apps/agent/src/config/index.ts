export { loadConfig } from "./load.ts";
export { defaultDataDir, resolveConfigPath } from "./paths.ts";
export { saveConfig } from "./save.ts";
export { type AgentConfig, type AgentConfigInput, agentConfigSchema } from "./schema.ts";
