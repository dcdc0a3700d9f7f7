// `@edgeseg/bench/lite`: what the agent daemon needs from the engine while it waits for jobs — hashes,
// sensors, device description, manifest reading and backend choice — without loading ONNX Runtime, the
// pipelines, NIfTI or the dataset code (the package root does).
// The benchmark itself runs in the job's child process, which imports the whole engine.
// From @edgeseg/engine-core only its manifest and runtime entry points, which load no ONNX Runtime (the
// runtimes are imported when one is created) and no skeleton code.
export {
  graphPath,
  loadManifest,
  sha256Bytes,
  sha256File,
  supportedPipelines,
} from "@edgeseg/engine-core/manifest";
export { selectBackend } from "@edgeseg/engine-core/runtime";
export { describeDevice } from "./device/describe.ts";
export { readSensors } from "./device/sensors.ts";
export { queryThrottled } from "./device/throttling.ts";
/** The scenario a job runs with when its suite is not one the agent bundles (job planning). */
export { defaultScenario } from "./run/spec.ts";
