import { createRequire } from "node:module";
import path from "node:path";
import { AppError } from "@edgeseg/protocol";

/** The subset of onnxruntime-web's `env.wasm` that edgeseg sets. */
export interface WasmEnv {
  numThreads?: number;
  wasmPaths?: unknown;
  proxy?: boolean;
}

/** onnxruntime-web's dist directory, where its .wasm and .mjs loader files sit; nothing is fetched. */
export function wasmDistDir(): string {
  return path.dirname(createRequire(import.meta.url).resolve("onnxruntime-web"));
}

/**
 * ONNX Runtime Web reads `env.wasm` once, when its first session initialises the WASM module; later
 * changes are ignored. onnxruntime-web is itself a per-process singleton, so the thread count fixed
 * at that moment is tracked here too and a different later request is refused rather than silently
 * measured with the wrong number of threads.
 */
let fixedThreads: number | null = null;

export function configureWasmEnv(env: WasmEnv, threads: number): void {
  if (fixedThreads !== null) {
    if (fixedThreads !== threads) {
      throw new AppError(
        "USAGE",
        `The WASM runtime already runs with ${fixedThreads} thread(s) in this process; ${threads} were requested. ` +
          "Run each WASM thread setting in its own process.",
      );
    }
    return;
  }
  env.wasmPaths = `${wasmDistDir()}${path.sep}`;
  env.proxy = false;
  // 0 keeps onnxruntime-web's own default (half the cores, at most 4).
  if (threads > 0) env.numThreads = threads;
  fixedThreads = threads;
}
