import type { RuntimeOptions } from "./types.ts";

/** RuntimeOptions → onnxruntime-common SessionOptions (shared by onnxruntime-node and -web). */
export function sessionOptions(options: RuntimeOptions, providers: string[]) {
  return {
    executionProviders: providers,
    graphOptimizationLevel: options.graphOptimizationLevel,
    enableCpuMemArena: options.memoryArena,
    enableMemPattern: options.memoryPattern,
    // 0 means "let ONNX Runtime decide": leave the option unset.
    ...(options.intraOpThreads > 0 ? { intraOpNumThreads: options.intraOpThreads } : {}),
  };
}
