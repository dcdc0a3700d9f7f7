export { type BackoffPolicy, backoffCeiling, backoffDelay, DEFAULT_BACKOFF } from "./backoff.ts";
export { type AgentDaemon, type AgentDaemonOptions, createAgentDaemon } from "./daemon.ts";
export { createSpool, type Spool, type SpoolEntry, type SpoolOptions } from "./spool.ts";
