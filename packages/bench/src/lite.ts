// `@edgeseg/bench/lite`: what the agent daemon needs from the engine while it waits for jobs — hashes,
// sensors, device description, manifest reading and backend choice — without loading ONNX Runtime, the
// pipelines, NIfTI or the dataset code (the package root does: runtime/ imports onnxruntime-node).
// The benchmark itself runs in the job's child process, which imports the whole engine.
export { describeDevice } from "./device/describe.ts";
export { readSensors } from "./device/sensors.ts";
export { queryThrottled } from "./device/throttling.ts";
export { graphPath } from "./manifest/graph-path.ts";
export { loadManifest } from "./manifest/load.ts";
export { sha256Bytes, sha256File } from "./manifest/sha256.ts";
export { supportedPipelines } from "./manifest/supported.ts";
export { selectBackend } from "./runtime/select.ts";
