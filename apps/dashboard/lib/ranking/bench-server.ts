/**
 * The parts of @edgeseg/bench the dashboard's server runs: model manifests and ONNX Runtime sessions
 * (model upload checks, and @edgeseg/registry's importModel) and model skeletons (timing-only upload). next.config.ts aliases "@edgeseg/bench"
 * to this file for the bundle (turbopack.resolveAlias), so the engine's device probing
 * (firmware-profiles/ found through `new URL(…, import.meta.url)`, which Turbopack takes for an asset
 * and fails on), its tsx-based process isolation, its dataset readers (file-system access Turbopack
 * cannot scope, so it would trace the whole repository into the build) and its run loop stay out of
 * the dashboard. TypeScript and the tests still see the whole package.
 */
export * from "../../../../packages/bench/src/manifest/index.ts";
export * from "../../../../packages/bench/src/runtime/index.ts";
export * from "../../../../packages/bench/src/skeleton/index.ts";
