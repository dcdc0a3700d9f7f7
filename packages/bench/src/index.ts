// The engine's shared core (manifests, runtimes, skeletons, device profiles) lives in
// @edgeseg/engine-core; the engine's public API keeps exporting it.
export * from "@edgeseg/engine-core";
export * from "./dataset/index.ts";
export * from "./device/index.ts";
export * from "./isolation/index.ts";
export * from "./metrics/index.ts";
export * from "./nifti/index.ts";
export * from "./pipeline/index.ts";
export * from "./run/index.ts";
export * from "./timing/index.ts";
