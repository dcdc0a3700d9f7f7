import { AppError } from "@edgeseg/protocol";
import { GraphBuilder } from "./builder.ts";
import { differentiableInputs, gradients } from "./grads.ts";
import { lossAndGradient } from "./loss.ts";
import { optimizerUpdate } from "./optimizer.ts";
import { DT, modelBytes, nodeBytes, onnxOpset, readModel, valueInfoBytes } from "./proto.ts";
import type { ModelParts, NamedTensor, TrainStep, TrainStepOptions } from "./types.ts";

/** Generated tensor names start with this; no exporter produces it. */
const PREFIX = "edgeseg.train/";

function validate(opts: TrainStepOptions): void {
  const lr = opts.optimizer.learningRate;
  if (!(Number.isFinite(lr) && lr > 0))
    throw new AppError(
      "INPUT",
      `learning rate ${lr} is not a positive number; set optimizer.learningRate (e.g. 1e-3)`,
    );
  if (opts.optimizer.name === "adam") {
    const { beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8 } = opts.optimizer;
    if (!(beta1 >= 0 && beta1 < 1 && beta2 >= 0 && beta2 < 1 && epsilon > 0))
      throw new AppError(
        "INPUT",
        `Adam needs 0 <= beta1, beta2 < 1 and epsilon > 0 (got ${beta1}, ${beta2}, ${epsilon})`,
      );
  }
}

/**
 * Reverse-mode differentiation of the trainable part, emitted as ordinary ONNX nodes after its forward
 * nodes, with the loss and the optimizer update: one graph, so every activation the backward pass reads
 * stays a value inside one onnxruntime session run.
 */
export function buildTrainStep(parts: ModelParts, opts: TrainStepOptions): TrainStep {
  validate(opts);
  const m = readModel(parts.trainable, "the trainable part");
  if (onnxOpset(m) < 13)
    throw new AppError(
      "INPUT",
      `the model uses ONNX opset ${onnxOpset(m)}; fine-tuning needs opset 13 or newer (re-export it)`,
    );
  if (parts.outputs.length !== 1)
    throw new AppError(
      "INPUT",
      `the trainable part has ${parts.outputs.length} outputs (${parts.outputs.join(", ")}); the loss needs exactly one`,
    );
  const output = parts.outputs[0] as string;
  const params = new Set(parts.params.map((p) => p.name));
  const dims = new Map<string, number[]>(m.initializers.map((t) => [t.name, t.dims]));

  // A tensor needs a gradient when a parameter reaches it through differentiable inputs.
  const requires = new Set(params);
  for (const n of m.nodes) {
    if (differentiableInputs(n).some((i) => requires.has(n.inputs[i] ?? ""))) {
      for (const o of n.outputs) requires.add(o);
    }
  }
  if (!requires.has(output))
    throw new AppError(
      "INPUT",
      "no trainable parameter reaches the output; cut the model earlier (trainableFrom)",
    );

  const b = new GraphBuilder(PREFIX, onnxOpset(m));
  const target = "target";
  const { loss, grad } = lossAndGradient(b, opts.loss, output, target);
  const grads = new Map<string, string[]>([[output, [grad]]]);
  const total = (t: string): string | null => {
    const gs = grads.get(t);
    if (!gs || gs.length === 0) return null;
    return gs.length === 1 ? (gs[0] as string) : b.op("Sum", gs);
  };
  for (const n of [...m.nodes].reverse()) {
    if (!n.outputs.some((o) => requires.has(o))) continue;
    const g = total(n.outputs[0] as string);
    if (g === null) continue;
    const diff = new Set(differentiableInputs(n));
    const need = n.inputs.map((x, i) => diff.has(i) && requires.has(x));
    if (!need.some(Boolean)) continue;
    const gIn = gradients({ b, node: n, g, need, dims: (name) => dims.get(name) });
    gIn.forEach((gi, i) => {
      const x = n.inputs[i] as string;
      if (gi === null || !need[i]) return;
      const list = grads.get(x) ?? [];
      list.push(gi);
      grads.set(x, list);
    });
  }

  const paramGrads = parts.params.map((p) => {
    const g = total(p.name);
    // A parameter no gradient reaches (a dead branch) gets a zero gradient.
    return g ?? b.mul(p.name, b.f(0));
  });
  const extraOutputs: Uint8Array[] = [];
  const gradNames: string[] = [];
  if (opts.emitGradients) {
    parts.params.forEach((p, i) => {
      const name = `${p.name}.grad`;
      b.opTo(name, "Identity", [paramGrads[i] as string]);
      gradNames.push(name);
      extraOutputs.push(valueInfoBytes(name, DT.float, p.dims));
    });
  }
  const update = optimizerUpdate(b, opts.optimizer, parts.params, paramGrads, "step");
  b.opTo("loss", "Identity", [loss]);

  const stateInit: NamedTensor[] = update.states.map((s) => ({
    name: s.name,
    dims: [...s.dims],
    data: new Float32Array(s.dims.reduce((a, d) => a * d, 1)),
  }));
  const paramInfos = parts.params.map((p) => valueInfoBytes(p.name, DT.float, p.dims));
  const stateInfos = update.states.map((s) => valueInfoBytes(s.name, DT.float, s.dims));
  const nextInfos = Object.entries(update.next).map(([from, to]) => {
    const d =
      parts.params.find((p) => p.name === from)?.dims ?? update.states.find((s) => s.name === from)?.dims;
    return valueInfoBytes(to, DT.float, d);
  });
  const targetType = opts.loss === "softmax-cross-entropy" ? "int64" : "float32";
  const cutInfos = m.inputs.filter((v) => parts.cutInputs.includes(v.name));
  const inputNames = [
    ...parts.cutInputs,
    target,
    ...parts.params.map((p) => p.name),
    ...update.states.map((s) => s.name),
    "step",
  ];
  const outputNames = ["loss", ...Object.values(update.next), ...gradNames];
  const graph = modelBytes(
    {
      name: "train-step",
      nodes: [...m.nodes.map(nodeBytes), ...b.nodes.map(nodeBytes)],
      initializers: [
        ...m.initializers.filter((t) => !params.has(t.name)).map((t) => t.raw),
        ...b.initializers,
      ],
      inputs: [
        ...parts.cutInputs.map(
          (name) => cutInfos.find((v) => v.name === name)?.raw ?? valueInfoBytes(name, DT.float),
        ),
        valueInfoBytes(target, targetType === "int64" ? DT.int64 : DT.float),
        ...paramInfos,
        ...stateInfos,
        valueInfoBytes("step", DT.float, []),
      ],
      outputs: [valueInfoBytes("loss", DT.float, []), ...nextInfos, ...extraOutputs],
    },
    Math.max(m.irVersion, 8),
    m.opsets,
  );
  return {
    graph,
    inputNames,
    outputNames,
    params: parts.params.map((p) => p.name),
    stateInit,
    next: update.next,
    targetType,
  };
}
