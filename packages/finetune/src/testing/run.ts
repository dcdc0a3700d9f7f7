import * as ort from "onnxruntime-node";
import type { ModelParts, NamedTensor, TrainStep } from "../graph/types.ts";
import type { Feed } from "./torch.ts";

export const tensor = (f: Feed) =>
  f.data instanceof BigInt64Array
    ? new ort.Tensor("int64", f.data, f.dims)
    : new ort.Tensor("float32", f.data, f.dims);

export const floats = (t: ort.Tensor): Float32Array => t.data as Float32Array;

/** Runs a model on float32 feeds; returns every output. */
export async function runModel(model: Uint8Array, feeds: Record<string, Feed>) {
  const s = await ort.InferenceSession.create(model);
  try {
    return await s.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, tensor(v)])));
  } finally {
    await s.release();
  }
}

/**
 * A training loop over one fixed batch: `steps` session runs, parameters and optimizer states fed back.
 * Returns every step's outputs.
 */
export async function trainSteps(
  parts: ModelParts,
  step: TrainStep,
  batch: Record<string, Feed>,
  steps: number,
): Promise<Record<string, ort.Tensor>[]> {
  const s = await ort.InferenceSession.create(step.graph, { graphOptimizationLevel: "all" });
  try {
    const feeds: Record<string, ort.Tensor> = {};
    for (const [k, v] of Object.entries(batch)) feeds[k] = tensor(v);
    const init = (t: NamedTensor) => new ort.Tensor("float32", Float32Array.from(t.data), t.dims);
    for (const p of parts.params) feeds[p.name] = init(p);
    for (const st of step.stateInit) feeds[st.name] = init(st);
    const outs: Record<string, ort.Tensor>[] = [];
    for (let t = 1; t <= steps; t++) {
      feeds.step = new ort.Tensor("float32", Float32Array.of(t), []);
      const out = await s.run(feeds);
      outs.push(out);
      for (const [from, to] of Object.entries(step.next)) feeds[from] = out[to] as ort.Tensor;
    }
    return outs;
  } finally {
    await s.release();
  }
}

/** The value of a float32 scalar output. */
export function scalar(t: ort.Tensor | undefined): number {
  const v = (t?.data as Float32Array | undefined)?.[0];
  if (v === undefined) throw new Error("missing scalar output");
  return v;
}
