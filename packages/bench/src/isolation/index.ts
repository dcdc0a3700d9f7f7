export { childMain, type Report } from "./child.ts";
export { classifyExit, type ExitFacts } from "./classify.ts";
export type { EnergyTrace } from "./energy-meter.ts";
export { epochMs } from "./epoch.ts";
export { runIsolated } from "./run-isolated.ts";
export type { IsolatedFailure, IsolatedOutcome, RunIsolatedOptions } from "./types.ts";
