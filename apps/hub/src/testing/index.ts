// Test helpers (edgeseg-hub/testing for tests outside the hub): the CLI, a hub on free ports with a
// temporary data directory, HTTP and MQTT clients, signed messages, seeded jobs, the dispatcher's
// harness, log capture, waits.
export * from "./cli.ts";
export * from "./dispatch.ts";
export * from "./http.ts";
export * from "./hub.ts";
export * from "./jobs.ts";
export * from "./logs.ts";
export * from "./messages.ts";
export * from "./mqtt.ts";
export * from "./wait.ts";
