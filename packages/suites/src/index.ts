/** The dataset hash suites pin: defined once, by the engine. */
export { datasetSha256 } from "@edgeseg/bench";
export { type FineTuningScenario, fineTuningScenarioSchema } from "./fine-tuning.ts";
export {
  BUNDLED_SUITES,
  bundledSuitePath,
  type LoadedSuite,
  loadSuite,
  manifestPath,
  suiteSha256,
} from "./load.ts";
export { type Suite, type SuiteModel, suiteScenario, suiteSchema } from "./schema.ts";
export { type VerifiedModel, type VerifiedSuiteAssets, verifySuiteAssets } from "./verify.ts";
