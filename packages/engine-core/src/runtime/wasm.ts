import * as ort from "onnxruntime-web";
import { assertModelFileExists, modelLoadError } from "./errors.ts";
import { defaultRuntimeLogger } from "./logger.ts";
import { createWithFallback, type ProviderLogger } from "./providers.ts";
import { sessionOptions } from "./session-options.ts";
import type { OrtTensorConstructor } from "./tensors.ts";
import type { Runtime } from "./types.ts";
import { configureWasmEnv } from "./wasm-env.ts";
import { type OrtSessionLike, wrapSession } from "./wrap-session.ts";

/**
 * onnxruntime-web's WASM CPU backend running inside Node: the fallback where onnxruntime-node has no
 * native binary (e.g. 32-bit ARM). Threads are WASM threads on worker_threads (`env.wasm.numThreads`).
 * Its CPU provider is called "wasm" ("cpu" is onnxruntime-web's alias for it).
 */
export function createWasmRuntime(opts: { logger?: ProviderLogger } = {}): Runtime {
  const logger = opts.logger ?? defaultRuntimeLogger();
  return {
    backend: "wasm",
    version: ort.env.versions.web ?? ort.env.versions.common,
    async createSession(modelPath, options) {
      configureWasmEnv(ort.env.wasm, options.intraOpThreads);
      await assertModelFileExists(modelPath);
      try {
        const choice = await createWithFallback(
          options.executionProviders,
          ["wasm", "cpu"],
          (provider) =>
            ort.InferenceSession.create(modelPath, sessionOptions(options, [provider])) as unknown as Promise<
              OrtSessionLike<ort.Tensor>
            >,
          logger,
        );
        return wrapSession(choice, ort.Tensor as unknown as OrtTensorConstructor<ort.Tensor>);
      } catch (err) {
        throw modelLoadError(modelPath, err);
      }
    },
  };
}
