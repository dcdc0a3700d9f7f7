export { SERVICE_USERNAME } from "./broker/identity.ts";
export { type DataDirLayout, dataDirLayout } from "./config/data-dir.ts";
export type { DispatcherFactory, HubDispatcher, HubDispatcherDeps, Publish } from "./dispatch-contract.ts";
export { createHub, type Hub, type HubOptions } from "./hub.ts";
export type { IngestHooks } from "./ingest/hooks.ts";
export type { JobProgress } from "./ingest/progress.ts";
