// Per-op gradient checks: each op the trainable parts use (and the rest of the op set) in a small model,
// its generated gradients against torch autograd (float64) on the same weights and inputs.
import { beforeAll, describe, expect, it } from "vitest";
import { type OpNode, opModel, prng, randn } from "../testing/models.ts";
import { floats, runModel, scalar, trainSteps } from "../testing/run.ts";
import { type ReferenceResult, relativeError, torchMissing, torchReference } from "../testing/torch.ts";
import { float, int, ints } from "./builder.ts";
import { buildTrainStep, splitModel } from "./index.ts";

interface OpCase {
  name: string;
  xDims: number[];
  nodes: OpNode[];
  /** Weights: dims; values are drawn at random (positive when `positive`). */
  weights?: Record<string, number[]>;
  consts?: Record<string, BigInt64Array>;
  positive?: boolean;
  opset?: number;
}

const conv = (attrs: Parameters<typeof ints>[]) => attrs.map(([n, v]) => ints(n, v));

const CASES: OpCase[] = [
  {
    name: "Conv 3x3 stride 1 pads 1 + bias",
    xDims: [2, 3, 9, 8],
    nodes: [{ op: "Conv", inputs: ["x1", "w", "b"], output: "y", attrs: conv([["pads", [1, 1, 1, 1]]]) }],
    weights: { w: [4, 3, 3, 3], b: [4] },
  },
  {
    name: "Conv stride 2, asymmetric pads, dilation 2",
    xDims: [2, 3, 11, 10],
    nodes: [
      {
        op: "Conv",
        inputs: ["x1", "w", "b"],
        output: "y",
        attrs: conv([
          ["pads", [1, 0, 2, 1]],
          ["strides", [2, 2]],
          ["dilations", [2, 1]],
        ]),
      },
    ],
    weights: { w: [5, 3, 3, 2], b: [5] },
  },
  {
    name: "Conv 2x2 stride 2 on odd sizes (input rows no window reads)",
    xDims: [1, 2, 9, 7],
    nodes: [{ op: "Conv", inputs: ["x1", "w", "b"], output: "y", attrs: conv([["strides", [2, 2]]]) }],
    weights: { w: [3, 2, 2, 2], b: [3] },
  },
  {
    name: "Conv 1x1 without bias",
    xDims: [2, 8, 6, 6],
    nodes: [{ op: "Conv", inputs: ["x1", "w"], output: "y" }],
    weights: { w: [9, 8, 1, 1] },
  },
  {
    name: "ConvTranspose 2x2 stride 2 + bias",
    xDims: [2, 6, 5, 4],
    nodes: [
      { op: "ConvTranspose", inputs: ["x1", "w", "b"], output: "y", attrs: conv([["strides", [2, 2]]]) },
    ],
    weights: { w: [6, 3, 2, 2], b: [3] },
  },
  {
    name: "ConvTranspose 3x3 stride 2 pads 1 output_padding 1",
    xDims: [1, 4, 5, 6],
    nodes: [
      {
        op: "ConvTranspose",
        inputs: ["x1", "w", "b"],
        output: "y",
        attrs: conv([
          ["strides", [2, 2]],
          ["pads", [1, 1, 1, 1]],
          ["output_padding", [1, 1]],
        ]),
      },
    ],
    weights: { w: [4, 2, 3, 3], b: [2] },
  },
  {
    name: "grouped Conv (2 groups, stride 2) and depthwise Conv",
    xDims: [2, 4, 8, 7],
    nodes: [
      {
        op: "Conv",
        inputs: ["x1", "w", "b"],
        output: "g1",
        attrs: [
          ...conv([
            ["strides", [2, 2]],
            ["pads", [1, 1, 1, 1]],
          ]),
          int("group", 2),
        ],
      },
      {
        op: "Conv",
        inputs: ["g1", "dw"],
        output: "y",
        attrs: [...conv([["pads", [1, 1, 1, 1]]]), int("group", 6)],
      },
    ],
    weights: { w: [6, 2, 3, 3], b: [6], dw: [6, 1, 3, 3] },
  },
  {
    name: "grouped ConvTranspose (2 groups)",
    xDims: [2, 4, 5, 5],
    nodes: [
      {
        op: "ConvTranspose",
        inputs: ["x1", "w", "b"],
        output: "y",
        attrs: [...conv([["strides", [2, 2]]]), int("group", 2)],
      },
    ],
    weights: { w: [4, 3, 2, 2], b: [6] },
  },
  {
    name: "InstanceNormalization with scale and bias",
    xDims: [2, 4, 6, 5],
    nodes: [
      { op: "InstanceNormalization", inputs: ["x1", "s", "b"], output: "y", attrs: [float("epsilon", 1e-5)] },
    ],
    weights: { s: [4], b: [4] },
  },
  {
    name: "GroupNorm as exported (Reshape + InstanceNormalization + Reshape + Mul + Add)",
    xDims: [2, 8, 4, 4],
    nodes: [
      { op: "Reshape", inputs: ["x1", "g.shape"], output: "g1" },
      { op: "InstanceNormalization", inputs: ["g1", "g.one", "g.zero"], output: "g2" },
      { op: "Shape", inputs: ["x1"], output: "g3" },
      { op: "Reshape", inputs: ["g2", "g3"], output: "g4" },
      { op: "Mul", inputs: ["g4", "gamma"], output: "g5" },
      { op: "Add", inputs: ["g5", "beta"], output: "y" },
    ],
    weights: { gamma: [8, 1, 1], beta: [8, 1, 1] },
    consts: { "g.shape": BigInt64Array.of(0n, 4n, -1n) },
  },
  {
    name: "LeakyRelu",
    xDims: [2, 3, 4, 4],
    nodes: [{ op: "LeakyRelu", inputs: ["x1"], output: "y", attrs: [float("alpha", 0.1)] }],
  },
  { name: "Relu", xDims: [2, 3, 4, 4], nodes: [{ op: "Relu", inputs: ["x1"], output: "y" }] },
  { name: "Sigmoid", xDims: [2, 3, 4, 4], nodes: [{ op: "Sigmoid", inputs: ["x1"], output: "y" }] },
  { name: "Tanh", xDims: [2, 3, 4, 4], nodes: [{ op: "Tanh", inputs: ["x1"], output: "y" }] },
  {
    name: "GELU, Erf form as exported",
    xDims: [2, 3, 4, 4],
    nodes: [
      { op: "Div", inputs: ["x1", "sqrt2"], output: "e1" },
      { op: "Erf", inputs: ["e1"], output: "e2" },
      { op: "Add", inputs: ["e2", "one"], output: "e3" },
      { op: "Mul", inputs: ["x1", "e3"], output: "e4" },
      { op: "Mul", inputs: ["e4", "half"], output: "y" },
    ],
  },
  {
    name: "Gelu (opset 20)",
    xDims: [2, 3, 4, 4],
    nodes: [{ op: "Gelu", inputs: ["x1"], output: "y" }],
    opset: 20,
  },
  { name: "Exp", xDims: [2, 3, 4], nodes: [{ op: "Exp", inputs: ["x1"], output: "y" }] },
  { name: "Log", xDims: [2, 3, 4], nodes: [{ op: "Log", inputs: ["x1"], output: "y" }], positive: true },
  { name: "Sqrt", xDims: [2, 3, 4], nodes: [{ op: "Sqrt", inputs: ["x1"], output: "y" }], positive: true },
  {
    name: "Add/Sub/Mul/Div with broadcasting, both operands trained",
    xDims: [2, 3, 4, 5],
    nodes: [
      { op: "Add", inputs: ["x1", "a"], output: "b1" },
      { op: "Mul", inputs: ["b1", "m"], output: "b2" },
      { op: "Sub", inputs: ["s", "b2"], output: "b3" },
      { op: "Div", inputs: ["b3", "d"], output: "b4" },
      { op: "Div", inputs: ["b4", "b1"], output: "y" },
    ],
    weights: { a: [3, 1, 1], m: [5], s: [1, 4, 1], d: [2, 1, 1, 1] },
    positive: true,
  },
  {
    name: "Concat of two branches, then Reshape, Transpose, MatMul, Softmax",
    xDims: [2, 3, 4, 5],
    nodes: [
      { op: "Mul", inputs: ["x1", "m"], output: "c1" },
      { op: "Concat", inputs: ["x1", "c1"], output: "c2", attrs: [int("axis", 1)] },
      { op: "Reshape", inputs: ["c2", "r.shape"], output: "c3" },
      { op: "Transpose", inputs: ["c3"], output: "c4", attrs: [ints("perm", [0, 2, 1])] },
      { op: "MatMul", inputs: ["c4", "w"], output: "c5" },
      { op: "Softmax", inputs: ["c5"], output: "y", attrs: [int("axis", -1)] },
    ],
    weights: { m: [3, 1, 1], w: [6, 7] },
    consts: { "r.shape": BigInt64Array.of(0n, 6n, -1n) },
  },
  {
    name: "batched MatMul with a broadcast weight, Softmax over axis 1",
    xDims: [2, 4, 5],
    nodes: [
      { op: "MatMul", inputs: ["w", "x1"], output: "m1" },
      { op: "Softmax", inputs: ["m1"], output: "y", attrs: [int("axis", 1)] },
    ],
    weights: { w: [1, 3, 4] },
  },
  {
    name: "Gemm transB alpha beta",
    xDims: [4, 5],
    nodes: [
      {
        op: "Gemm",
        inputs: ["x1", "w", "c"],
        output: "y",
        attrs: [int("transB", 1), float("alpha", 0.5), float("beta", 2)],
      },
    ],
    weights: { w: [6, 5], c: [6] },
  },
  {
    name: "Gemm transA",
    xDims: [5, 4],
    nodes: [{ op: "Gemm", inputs: ["x1", "w"], output: "y", attrs: [int("transA", 1)] }],
    weights: { w: [5, 3] },
  },
  {
    name: "LayerNormalization over the last two axes",
    xDims: [2, 3, 4, 5],
    nodes: [
      {
        op: "LayerNormalization",
        inputs: ["x1", "s", "b"],
        output: "y",
        attrs: [int("axis", -2), float("epsilon", 1e-5)],
      },
    ],
    weights: { s: [4, 5], b: [4, 5] },
  },
  {
    name: "LayerNorm as exported before opset 17 (ReduceMean, Sub, Pow, Sqrt, Div)",
    xDims: [2, 6, 8],
    nodes: [
      { op: "ReduceMean", inputs: ["x1"], output: "l1", attrs: [ints("axes", [-1])] },
      { op: "Sub", inputs: ["x1", "l1"], output: "l2" },
      { op: "Pow", inputs: ["l2", "two"], output: "l3" },
      { op: "ReduceMean", inputs: ["l3"], output: "l4", attrs: [ints("axes", [-1])] },
      { op: "Add", inputs: ["l4", "eps"], output: "l5" },
      { op: "Sqrt", inputs: ["l5"], output: "l6" },
      { op: "Div", inputs: ["l2", "l6"], output: "l7" },
      { op: "Mul", inputs: ["l7", "s"], output: "l8" },
      { op: "Add", inputs: ["l8", "b"], output: "y" },
    ],
    weights: { s: [8], b: [8] },
  },
  {
    name: "ReduceSum (axes input, keepdims 0) and ReduceMean over everything",
    xDims: [2, 3, 4],
    nodes: [
      { op: "ReduceSum", inputs: ["x1", "r.axes"], output: "r1", attrs: [int("keepdims", 0)] },
      { op: "Mul", inputs: ["r1", "w"], output: "r2" },
      { op: "ReduceMean", inputs: ["x1"], output: "r3", attrs: [int("keepdims", 0)] },
      { op: "Add", inputs: ["r2", "r3"], output: "y" },
    ],
    weights: { w: [4] },
    consts: { "r.axes": BigInt64Array.of(1n) },
  },
  {
    name: "Where (mask from Greater) and Expand",
    xDims: [2, 3, 4],
    nodes: [
      { op: "Greater", inputs: ["x1", "zero"], output: "w1" },
      { op: "Expand", inputs: ["v", "e.shape"], output: "w2" },
      { op: "Where", inputs: ["w1", "x1", "w2"], output: "y" },
    ],
    weights: { v: [3, 1] },
    consts: { "e.shape": BigInt64Array.of(2n, 3n, 4n) },
  },
];

/** Frozen scalar constants the cases read: initializers that are not trained (see opModel). */
const SCALARS: Record<string, number> = {
  sqrt2: Math.SQRT2,
  one: 1,
  half: 0.5,
  zero: 0,
  two: 2,
  eps: 1e-5,
  "g.one": 1,
  "g.zero": 0,
};

interface Prepared {
  c: OpCase;
  params: string[];
  grads: Map<string, Float32Array>;
  loss: number;
}

const missing = torchMissing();
if (missing) console.warn(missing);

describe.skipIf(missing !== null)("per-op gradients against torch autograd", () => {
  const prepared: Prepared[] = [];
  let reference = new Map<string, ReferenceResult>();

  beforeAll(async () => {
    const cases = [];
    for (const [k, c] of CASES.entries()) {
      const rand = prng(1000 + k);
      const inits: Record<string, { dims: number[]; data: Float32Array | BigInt64Array }> = {};
      for (const [name, dims] of Object.entries(c.weights ?? {})) {
        const n = dims.reduce((a, b) => a * b, 1);
        inits[name] = { dims, data: randn(rand, n, 0.5, c.positive ? 1 : 0) };
      }
      for (const [name, data] of Object.entries(c.consts ?? {})) inits[name] = { dims: [data.length], data };
      const used = new Set(c.nodes.flatMap((n) => n.inputs));
      for (const [name, v] of Object.entries(SCALARS)) {
        if (used.has(name))
          inits[name] = {
            dims: name.startsWith("g.") ? [4] : [],
            data: new Float32Array(name.startsWith("g.") ? 4 : 1).fill(v),
          };
      }
      const model = opModel({ xDims: c.xDims, nodes: c.nodes, inits, rand, opset: c.opset });
      // The scalar constants are frozen: only the weights and the input shift are trained.
      const parts = splitModel(model, { trainableFrom: ["x"], freeze: Object.keys(SCALARS) });
      const xCount = c.xDims.reduce((a, b) => a * b, 1);
      const x = { dims: c.xDims, data: randn(rand, xCount, 1, c.positive ? 2 : 0) };
      const y = (await runModel(parts.trainable, { x })).y;
      if (!y) throw new Error(`${c.name}: no output`);
      const target = { dims: [...y.dims], data: randn(rand, y.data.length) };
      const step = buildTrainStep(parts, {
        loss: "weighted-sum",
        optimizer: { name: "sgd", learningRate: 0.1 },
        emitGradients: true,
      });
      const [out] = await trainSteps(parts, step, { x, target }, 1);
      if (!out) throw new Error(`${c.name}: no step output`);
      const grads = new Map(parts.params.map((p) => [p.name, floats(out[`${p.name}.grad`] as never)]));
      const params = parts.params.map((p) => p.name);
      prepared.push({ c, params, grads, loss: scalar(out.loss) });
      cases.push({
        id: `op${k}`,
        kind: "grad" as const,
        model: parts.trainable,
        params,
        loss: "weighted-sum",
        feeds: { x, target },
      });
    }
    reference = await torchReference(cases);
  }, 300_000);

  it.each(CASES.map((c, k) => [c.name, k] as const))("%s", (_name, k) => {
    const p = prepared[k] as Prepared;
    const ref = reference.get(`op${k}`);
    expect(ref).toBeDefined();
    expect(p.params).toContain("x.shift"); // the gradient w.r.t. the op's input
    expect(Math.abs(p.loss - (ref?.loss as number))).toBeLessThanOrEqual(
      1e-4 * Math.max(1, Math.abs(p.loss)),
    );
    for (const name of p.params) {
      const ours = p.grads.get(name) as Float32Array;
      const theirs = ref?.tensors.get(name) as Float32Array;
      expect(theirs, name).toBeDefined();
      expect(ours.length, name).toBe(theirs.length);
      const err = relativeError(ours, theirs);
      expect(err, `${name}: relative error ${err}`).toBeLessThanOrEqual(1e-4);
    }
  });
});
