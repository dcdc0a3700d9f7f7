import { type OrtValueMetadata, toGraphIO } from "./metadata.ts";
import type { ProviderChoice } from "./providers.ts";
import { fromOrtOutputs, type OrtTensorConstructor, type OrtTensorLike, toOrtFeeds } from "./tensors.ts";
import type { Session } from "./types.ts";

/** The part of onnxruntime-common's InferenceSession that both runtimes implement. */
export interface OrtSessionLike<T> {
  readonly inputNames: readonly string[];
  readonly outputNames: readonly string[];
  readonly inputMetadata?: readonly OrtValueMetadata[];
  readonly outputMetadata?: readonly OrtValueMetadata[];
  run(feeds: Record<string, T>): Promise<Record<string, OrtTensorLike>>;
  release(): Promise<void>;
}

export function wrapSession<T>(
  choice: ProviderChoice<OrtSessionLike<T>>,
  Tensor: OrtTensorConstructor<T>,
): Session {
  const ort = choice.session;
  return {
    inputs: toGraphIO(ort.inputNames, ort.inputMetadata),
    outputs: toGraphIO(ort.outputNames, ort.outputMetadata),
    executionProvider: choice.executionProvider,
    fallbackReasons: choice.fallbackReasons,
    run: async (feeds) => fromOrtOutputs(await ort.run(toOrtFeeds(Tensor, feeds))),
    prepare: (feeds) => {
      const prepared = toOrtFeeds(Tensor, feeds);
      return () => ort.run(prepared);
    },
    release: () => ort.release(),
  };
}
