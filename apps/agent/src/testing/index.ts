// Test helpers (edgeseg-agent/testing for tests outside the agent): the CLI, agent processes and their
// setup, a broker, a hub client, an artifact server, a fixture job, benchmark children, a capturing
// logger and a tiny dataset.
export * from "./agent-process.ts";
export * from "./agent-setup.ts";
export * from "./artifact-server.ts";
export * from "./benchmark-children.ts";
export * from "./broker.ts";
export * from "./capture-logger.ts";
export * from "./cli.ts";
export * from "./fixture-job.ts";
export * from "./hub-client.ts";
export * from "./tiny-dataset.ts";
