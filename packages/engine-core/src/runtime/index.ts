export { createRuntime } from "./create.ts";
export { firstLine } from "./errors.ts";
export { nativeBinaryTargets } from "./native-binaries.ts";
export { type NativeProbe, probeNativeBinding } from "./probe-native.ts";
export type { ProviderLogger } from "./providers.ts";
export { type BackendChoice, type BackendRequest, selectBackend } from "./select.ts";
export type {
  BackendName,
  GraphIO,
  GraphOptimizationLevel,
  InferenceQuery,
  Runtime,
  RuntimeOptions,
  Session,
  TensorData,
} from "./types.ts";
