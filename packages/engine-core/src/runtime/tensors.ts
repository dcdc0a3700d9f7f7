import type { TensorData } from "./types.ts";

/** What onnxruntime-node's and onnxruntime-web's Tensor classes have in common (onnxruntime-common). */
export interface OrtTensorLike {
  readonly type: string;
  readonly data: unknown;
  readonly dims: readonly number[];
}

export type OrtTensorConstructor<T> = new (
  type: TensorData["type"],
  data: TensorData["data"],
  dims: readonly number[],
) => T;

/** Wraps each feed in the runtime's own Tensor class; the data is shared, not copied. */
export function toOrtFeeds<T>(
  Tensor: OrtTensorConstructor<T>,
  feeds: Record<string, TensorData>,
): Record<string, T> {
  const out: Record<string, T> = {};
  for (const [name, t] of Object.entries(feeds)) out[name] = new Tensor(t.type, t.data, t.dims);
  return out;
}

export function fromOrtOutputs(outputs: Record<string, OrtTensorLike>): Record<string, TensorData> {
  const out: Record<string, TensorData> = {};
  for (const [name, t] of Object.entries(outputs)) {
    out[name] = { type: t.type as TensorData["type"], data: t.data as TensorData["data"], dims: [...t.dims] };
  }
  return out;
}
