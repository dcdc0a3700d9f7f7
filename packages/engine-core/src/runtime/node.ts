import * as ort from "onnxruntime-node";
import { assertModelFileExists, modelLoadError } from "./errors.ts";
import { defaultRuntimeLogger } from "./logger.ts";
import { createWithFallback, type ProviderLogger } from "./providers.ts";
import { sessionOptions } from "./session-options.ts";
import type { OrtTensorConstructor } from "./tensors.ts";
import type { Runtime } from "./types.ts";
import { type OrtSessionLike, wrapSession } from "./wrap-session.ts";

/** onnxruntime-node: the native CPU build (and CUDA/TensorRT/WebGPU/DirectML where the binary has them). */
export function createNodeRuntime(opts: { logger?: ProviderLogger } = {}): Runtime {
  const logger = opts.logger ?? defaultRuntimeLogger();
  return {
    backend: "node",
    version: ort.env.versions.node ?? ort.env.versions.common,
    async createSession(modelPath, options) {
      await assertModelFileExists(modelPath);
      try {
        const choice = await createWithFallback(
          options.executionProviders,
          ["cpu"],
          (provider) =>
            ort.InferenceSession.create(modelPath, sessionOptions(options, [provider])) as Promise<
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
