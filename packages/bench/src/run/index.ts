export { aggregateOrgans, overallMeans, perCaseSummary } from "./aggregate.ts";
export type { ChildOutput, ChildProgress } from "./child-output.ts";
export type { Engine } from "./engine.ts";
export { evaluateCase } from "./evaluate-cases.ts";
export { failedResult, type RunHeader } from "./failed-result.ts";
export { loadEngine } from "./load-engine.ts";
export { type BenchmarkRequest, prepareRun, runBenchmark } from "./run-benchmark.ts";
export { defaultScenario, type RunSpec, runSpecSchema } from "./spec.ts";
