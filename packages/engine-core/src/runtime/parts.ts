// `@edgeseg/engine-core/runtime-parts`: the pieces the two runtimes are built from, for code that must
// drive ONNX Runtime itself and compare it with a `Runtime` — the engine's harness-overhead benchmark
// (packages/bench/benchmarks/overhead.ts) times a bare session against the same session wrapped here.
export { sessionOptions } from "./session-options.ts";
export type { OrtTensorConstructor, OrtTensorLike } from "./tensors.ts";
export { configureWasmEnv, type WasmEnv, wasmDistDir } from "./wasm-env.ts";
export { type OrtSessionLike, wrapSession } from "./wrap-session.ts";
