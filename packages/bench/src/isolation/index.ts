export { childMain, type Report } from "./child.ts";
export { classifyExit, type ExitFacts } from "./classify.ts";
export { runIsolated } from "./run-isolated.ts";
export type { IsolatedFailure, IsolatedOutcome, RunIsolatedOptions } from "./types.ts";
