import { AppError } from "@edgeseg/protocol";
import { differentiableInputs } from "./grads.ts";
import {
  DT,
  floatData,
  type Initializer,
  modelBytes,
  nodeBytes,
  type OnnxModel,
  type OnnxNode,
  readModel,
  valueInfoBytes,
} from "./proto.ts";
import type { ModelParts, SplitOptions } from "./types.ts";

const count = (t: Initializer) => t.dims.reduce((a, b) => a * b, 1);

/**
 * The nodes (in the model's order, which ONNX requires to be topological) that compute `targets`,
 * walking back until a tensor in `stop`, an initializer or a graph input. Returns the nodes and the
 * initializers and graph inputs they read.
 */
function extract(m: OnnxModel, targets: string[], stop: ReadonlySet<string>) {
  const producer = new Map<string, number>();
  m.nodes.forEach((n, i) => {
    for (const o of n.outputs) producer.set(o, i);
  });
  const inits = new Set(m.initializers.map((t) => t.name));
  const graphInputs = new Set(m.inputs.map((v) => v.name));
  const picked = new Set<number>();
  const usedInits = new Set<string>();
  const usedInputs = new Set<string>();
  const seen = new Set<string>();
  const todo = [...targets];
  while (todo.length > 0) {
    const t = todo.pop() as string;
    if (t === "" || seen.has(t)) continue;
    seen.add(t);
    if (stop.has(t)) continue;
    if (inits.has(t)) usedInits.add(t);
    else if (producer.has(t)) {
      const i = producer.get(t) as number;
      if (!picked.has(i)) {
        picked.add(i);
        todo.push(...(m.nodes[i] as OnnxNode).inputs);
      }
    } else if (graphInputs.has(t)) usedInputs.add(t);
    else
      throw new AppError(
        "INPUT",
        `tensor "${t}" is read by the model but nothing produces it; the model is malformed`,
      );
  }
  return {
    nodes: m.nodes.filter((_, i) => picked.has(i)),
    initializers: m.initializers.filter((t) => usedInits.has(t.name)),
    inputs: m.inputs.filter((v) => usedInputs.has(v.name) && !inits.has(v.name)),
    seen,
  };
}

/** The value info of a tensor: the model's own when it has one, else float32 of unknown shape. */
function valueInfoOf(m: OnnxModel, name: string): Uint8Array {
  const known = [...m.valueInfo, ...m.inputs, ...m.outputs].find((v) => v.name === name);
  return known ? known.raw : valueInfoBytes(name, DT.float);
}

/**
 * Cuts a model at `trainableFrom` into the frozen part (original inputs -> cut tensors) and the
 * trainable part (cut tensors and the original inputs it still reads -> original outputs).
 */
export function splitModel(model: Uint8Array, opts: SplitOptions): ModelParts {
  const m = readModel(model, "the model to fine-tune");
  const cuts = opts.trainableFrom;
  if (cuts.length === 0)
    throw new AppError("INPUT", "trainableFrom is empty; name the tensors where the trainable part starts");
  const produced = new Set(m.nodes.flatMap((n) => n.outputs));
  for (const t of cuts) {
    if (!produced.has(t)) {
      throw new AppError(
        "INPUT",
        `trainableFrom tensor "${t}" is not produced by any node of the model; use a node output name (see the model's graph, e.g. with Netron)`,
      );
    }
  }
  const outputs = m.outputs.map((v) => v.name);
  const stop = new Set(cuts);
  const trainable = extract(m, outputs, stop);
  for (const t of cuts) {
    if (!trainable.seen.has(t))
      throw new AppError(
        "INPUT",
        `trainableFrom tensor "${t}" does not feed the model's outputs; cut at a tensor the outputs depend on`,
      );
  }
  const frozen = extract(m, cuts, new Set());

  const freeze = new Set(opts.freeze ?? []);
  const diffUse = new Set<string>();
  for (const n of trainable.nodes) {
    for (const i of differentiableInputs(n)) diffUse.add(n.inputs[i] ?? "");
  }
  const paramInits = trainable.initializers.filter(
    (t) => t.dtype === DT.float && diffUse.has(t.name) && !freeze.has(t.name) && count(t) > 0,
  );
  const params = paramInits.map((t) => ({ name: t.name, dims: t.dims, data: floatData(t) }));
  const paramNames = new Set(params.map((p) => p.name));
  const floatInits = new Map<string, Initializer>();
  for (const t of [...frozen.initializers, ...trainable.initializers])
    if (t.dtype === DT.float) floatInits.set(t.name, t);
  let frozenParameters = 0;
  for (const t of floatInits.values()) if (!paramNames.has(t.name)) frozenParameters += count(t);
  const trainableParameters = params.reduce((a, p) => a + p.data.length, 0);

  const cutInputs = [...cuts, ...trainable.inputs.map((v) => v.name)];
  const frozenBytes = modelBytes(
    {
      name: "frozen",
      nodes: frozen.nodes.map(nodeBytes),
      initializers: frozen.initializers.map((t) => t.raw),
      inputs: frozen.inputs.map((v) => v.raw),
      outputs: cuts.map((t) => valueInfoOf(m, t)),
    },
    m.irVersion,
    m.opsets,
  );
  const trainableBytes = modelBytes(
    {
      name: "trainable",
      nodes: trainable.nodes.map(nodeBytes),
      initializers: trainable.initializers.map((t) => t.raw),
      inputs: [...cuts.map((t) => valueInfoOf(m, t)), ...trainable.inputs.map((v) => v.raw)],
      outputs: m.outputs.map((v) => v.raw),
    },
    m.irVersion,
    m.opsets,
  );
  return {
    frozen: frozenBytes,
    trainable: trainableBytes,
    cutInputs,
    outputs,
    params,
    frozenParameters,
    trainableParameters,
  };
}

/**
 * Number of values in a model's float32 initializers: its parameters plus any float buffers exported
 * as initializers (e.g. a normalisation mean). For a graph left frozen whole, such as an image encoder.
 */
export function countParameters(model: Uint8Array): number {
  const m = readModel(model, "the model");
  return m.initializers.filter((t) => t.dtype === DT.float).reduce((a, t) => a + count(t), 0);
}
