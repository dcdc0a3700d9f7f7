// `@edgeseg/suites/lite`: reading a bundled suite and its scenario — what the agent daemon needs to
// decide whether it can run a job — without the package root's dataset hash and asset verification,
// which load the benchmark engine (the job's child process does those).
export { BUNDLED_SUITES, type LoadedSuite, loadSuite } from "./load.ts";
export { type Suite, suiteScenario } from "./schema.ts";
