import { AppError } from "@edgeseg/protocol";
import { float, type GraphBuilder, int, ints } from "./builder.ts";
import type { OnnxNode } from "./proto.ts";

export interface GradContext {
  b: GraphBuilder;
  node: OnnxNode;
  /** The gradient of the node's first output. */
  g: string;
  /** Per input: whether its gradient is wanted. */
  need: boolean[];
  /** Dims of a tensor whose shape is fixed (an initializer), else undefined. */
  dims(name: string): number[] | undefined;
}

/** Per input: its gradient (null when not wanted or not defined). */
type Rule = (c: GradContext) => (string | null)[];

/** Inputs a gradient flows into, per op (default: all of them). */
const DIFFERENTIABLE: Record<string, number[]> = {
  ReduceSum: [0],
  ReduceMean: [0],
  Reshape: [0],
  Expand: [0],
  Squeeze: [0],
  Unsqueeze: [0],
  Flatten: [0],
  Where: [1, 2],
  Slice: [0],
  Pad: [0],
  Resize: [0],
  Gather: [0],
  Split: [0],
};

/** Ops whose outputs carry no gradient (shapes, comparisons, indices). */
const NON_DIFFERENTIABLE = new Set([
  "Shape",
  "Size",
  "Equal",
  "Greater",
  "GreaterOrEqual",
  "Less",
  "LessOrEqual",
  "Not",
  "And",
  "Or",
  "Xor",
  "ConstantOfShape",
  "NonZero",
  "ArgMax",
  "ArgMin",
  "Constant",
  "Range",
  "IsNaN",
  "IsInf",
]);

export function differentiableInputs(node: OnnxNode): number[] {
  if (NON_DIFFERENTIABLE.has(node.opType)) return [];
  return DIFFERENTIABLE[node.opType] ?? node.inputs.map((_, i) => i);
}

const attrInts = (n: OnnxNode, name: string): number[] | undefined => n.attrs.get(name)?.ints;
const attrInt = (n: OnnxNode, name: string, dflt: number): number => n.attrs.get(name)?.i ?? dflt;
const attrFloat = (n: OnnxNode, name: string, dflt: number): number => n.attrs.get(name)?.f ?? dflt;

const refuse = (n: OnnxNode, why: string): never => {
  throw new AppError(
    "INPUT",
    `node "${n.name}" (${n.opType}): ${why}; move the cut (trainableFrom) past this node or export the model without it`,
  );
};

const inp = (c: GradContext, i: number): string => c.node.inputs[i] as string;
const out = (c: GradContext, i = 0): string => c.node.outputs[i] as string;

/** Binary elementwise op with numpy broadcasting: each operand's gradient is reduced to its shape. */
function broadcastGrads(c: GradContext, ga: () => string, gb: () => string): (string | null)[] {
  return [c.need[0] ? c.b.reduceTo(ga(), inp(c, 0)) : null, c.need[1] ? c.b.reduceTo(gb(), inp(c, 1)) : null];
}

/** Conv/ConvTranspose geometry, with the attributes edgeseg does not differentiate refused. */
function geometry(c: GradContext) {
  const n = c.node;
  const autoPad = n.attrs.get("auto_pad")?.s ?? "NOTSET";
  if (autoPad !== "NOTSET") refuse(n, `auto_pad ${autoPad} is not supported (export with explicit pads)`);
  if (n.attrs.has("output_shape")) refuse(n, "output_shape is not supported (export with explicit pads)");
  const group = attrInt(n, "group", 1);
  const wDims = c.dims(inp(c, 1));
  const kernel = attrInts(n, "kernel_shape") ?? wDims?.slice(2);
  if (!kernel) return refuse(n, "its weight is not an initializer and it has no kernel_shape");
  const r = kernel.length;
  const ones = kernel.map(() => 1);
  const strides = attrInts(n, "strides") ?? ones;
  const dilations = attrInts(n, "dilations") ?? ones;
  const pads = attrInts(n, "pads") ?? [...ones, ...ones].map(() => 0);
  const swap01 = [1, 0, ...kernel.map((_, i) => i + 2)];
  const sliceKernel = (x: string) =>
    c.b.op("Slice", [x, c.b.i64(kernel.map(() => 0)), c.b.i64(kernel), c.b.i64(kernel.map((_, i) => i + 2))]);
  if (c.need[1] === true && group !== 1 && !wDims)
    refuse(n, `weight gradient for group = ${group} needs the weight as an initializer`);
  return { group, kernel, r, strides, dilations, pads, swap01, sliceKernel, wDims: wDims ?? [] };
}

type Geometry = ReturnType<typeof geometry>;

/**
 * dL/dx of a convolution: the adjoint is the transposed convolution with the same geometry.
 * - Stride 1, one group: a plain Conv with the kernel flipped and its channel axes swapped, padded by
 *   d(k-1) - p (ONNX Runtime's Conv runs these shapes several times faster than its ConvTranspose).
 * - Otherwise ConvTranspose. With a stride > 1 the padded input can be longer than the last window
 *   reaches, so the end padding is not simply cropped: transpose without it, then pad (or crop, with
 *   negative pads) to x's length.
 */
function convInputGrad(c: GradContext, geo: Geometry, x: string, w: string): string {
  const { b } = c;
  const r = geo.r;
  const strided = geo.strides.some((s) => s !== 1);
  const flippedPads = geo.pads.map(
    (p, i) => (geo.dilations[i % r] as number) * ((geo.kernel[i % r] as number) - 1) - p,
  );
  if (!strided && geo.group === 1 && flippedPads.every((p) => p >= 0)) {
    const axes = geo.kernel.map((_, i) => i + 2);
    const flipped = b.op("Slice", [
      w,
      b.i64(axes.map(() => -1)),
      b.i64(axes.map(() => Number.MIN_SAFE_INTEGER)),
      b.i64(axes),
      b.i64(axes.map(() => -1)),
    ]);
    const wt = b.op("Transpose", [flipped], [ints("perm", geo.swap01)]);
    return b.op("Conv", [c.g, wt], [ints("pads", flippedPads), ints("dilations", geo.dilations)]);
  }
  const pads = strided ? [...geo.pads.slice(0, r), ...geo.pads.slice(r).map(() => 0)] : geo.pads;
  const raw = b.op(
    "ConvTranspose",
    [c.g, w],
    [
      ints("strides", geo.strides),
      ints("pads", pads),
      ints("dilations", geo.dilations),
      int("group", geo.group),
    ],
  );
  if (!strided) return raw;
  const missing = b.sub(b.shape(x), b.shape(raw));
  const fit = b.op("Concat", [b.sub(missing, missing), missing], [int("axis", 0)]);
  return b.op("Pad", [raw, fit]);
}

/**
 * dL/dW of a convolution: dW[o,i,k] = sum_{n,y} dY[n,o,y] X[n,i,y*s + k*d - p], itself a convolution of
 * X (batch and channel axes swapped) with dY as the kernel, the stride and dilation exchanging roles.
 * Its output can be larger than the kernel (rows no window reaches), so it is sliced. (An im2col + GEMM
 * form, one slice per kernel offset, ran slower in ONNX Runtime: the copies cost more than they save.)
 * For ConvTranspose the same with `a` = dY and `k` = X: dW[i,o,k] = sum_{n,x} X[n,i,x] dY[n,o,x*s + k*d - p].
 * With groups, each group's channels are split off and their gradients stacked along the first axis.
 */
function weightGrad(c: GradContext, geo: Geometry, a: string, k: string, perGroup: [number, number]): string {
  const { b } = c;
  const one = (aj: string, kj: string) => {
    const at = b.op("Transpose", [aj], [ints("perm", geo.swap01)]);
    const kt = b.op("Transpose", [kj], [ints("perm", geo.swap01)]);
    const corr = b.op(
      "Conv",
      [at, kt],
      [ints("strides", geo.dilations), ints("dilations", geo.strides), ints("pads", geo.pads)],
    );
    return b.op("Transpose", [geo.sliceKernel(corr)], [ints("perm", geo.swap01)]);
  };
  if (geo.group === 1) return one(a, k);
  const split = (t: string, size: number) =>
    b.node("Split", [t, b.i64(Array.from({ length: geo.group }, () => size))], [int("axis", 1)], geo.group);
  const as = split(a, perGroup[0]);
  const ks = split(k, perGroup[1]);
  return b.op(
    "Concat",
    as.map((aj, j) => one(aj, ks[j] as string)),
    [int("axis", 0)],
  );
}

/**
 * dL/dx of ReduceSum / ReduceMean: g, with the reduced axes put back when keepdims = 0, broadcast to x's
 * shape (divided by the number of values per output for a mean). The axes are an attribute (ReduceMean
 * before opset 18) or an input (ReduceSum since 13, ReduceMean since 18); none means all.
 */
function reduceGrad(c: GradContext, mean: boolean): string {
  const { b } = c;
  const x = inp(c, 0);
  const keep = attrInt(c.node, "keepdims", 1) === 1;
  const axesInput = c.node.inputs[1];
  const axesAttr = attrInts(c.node, "axes");
  if ((axesInput || axesAttr) && attrInt(c.node, "noop_with_empty_axes", 0) === 1)
    refuse(c.node, "noop_with_empty_axes = 1 is not supported");
  let g = c.g;
  if (!keep) {
    if (axesInput) g = b.op("Unsqueeze", [g, axesInput]);
    else if (axesAttr) g = b.op("Unsqueeze", [g, b.i64(axesAttr)]);
    else {
      // All axes reduced to a scalar: a shape of ones of x's rank.
      const ones = b.op("Expand", [b.i64([1]), b.shape(b.shape(x))]);
      g = b.op("Reshape", [g, ones]);
    }
  }
  const spread = b.op("Expand", [g, b.shape(x)]);
  if (!mean) return spread;
  return b.div(spread, b.div(b.sizeAsFloat(x), b.sizeAsFloat(out(c))));
}

/** Bias gradient of a conv: the output gradient summed over the batch and every spatial position. */
const biasGrad = (c: GradContext) => c.b.sum(c.b.ncl(c.g), [0, 2], false);

const RULES: Record<string, Rule> = {
  Identity: (c) => [c.g],
  Neg: (c) => [c.b.op("Neg", [c.g])],
  Add: (c) =>
    broadcastGrads(
      c,
      () => c.g,
      () => c.g,
    ),
  Sub: (c) =>
    broadcastGrads(
      c,
      () => c.g,
      () => c.b.op("Neg", [c.g]),
    ),
  Mul: (c) =>
    broadcastGrads(
      c,
      () => c.b.mul(c.g, inp(c, 1)),
      () => c.b.mul(c.g, inp(c, 0)),
    ),
  Div: (c) =>
    broadcastGrads(
      c,
      () => c.b.div(c.g, inp(c, 1)),
      // d(a/b)/db = -a/b^2 = -y/b
      () => c.b.op("Neg", [c.b.div(c.b.mul(c.g, out(c)), inp(c, 1))]),
    ),
  Relu: (c) => [c.b.op("Where", [c.b.op("Greater", [inp(c, 0), c.b.f(0)]), c.g, c.b.f(0)])],
  LeakyRelu: (c) => {
    const alpha = attrFloat(c.node, "alpha", 0.01);
    const pos = c.b.op("Greater", [inp(c, 0), c.b.f(0)]);
    return [c.b.op("Where", [pos, c.g, c.b.mul(c.g, c.b.f(alpha))])];
  },
  Sigmoid: (c) => {
    const y = out(c);
    return [c.b.mul(c.g, c.b.mul(y, c.b.sub(c.b.f(1), y)))];
  },
  Tanh: (c) => {
    const y = out(c);
    return [c.b.mul(c.g, c.b.sub(c.b.f(1), c.b.mul(y, y)))];
  },
  Exp: (c) => [c.b.mul(c.g, out(c))],
  Log: (c) => [c.b.div(c.g, inp(c, 0))],
  Sqrt: (c) => [c.b.div(c.g, c.b.mul(out(c), c.b.f(2)))],
  // erf'(x) = 2/sqrt(pi) * exp(-x^2)
  Erf: (c) => {
    const x = inp(c, 0);
    const e = c.b.op("Exp", [c.b.op("Neg", [c.b.mul(x, x)])]);
    return [c.b.mul(c.g, c.b.mul(e, c.b.f(2 / Math.sqrt(Math.PI))))];
  },
  // Gelu (opset 20), exact form: d/dx [x Phi(x)] = Phi(x) + x phi(x)
  Gelu: (c) => {
    const approx = c.node.attrs.get("approximate")?.s ?? "none";
    if (approx !== "none") refuse(c.node, `approximate = "${approx}" has no gradient rule`);
    const x = inp(c, 0);
    const cdf = c.b.mul(c.b.f(0.5), c.b.add(c.b.f(1), c.b.op("Erf", [c.b.mul(x, c.b.f(Math.SQRT1_2))])));
    const pdf = c.b.mul(
      c.b.op("Exp", [c.b.mul(c.b.mul(x, x), c.b.f(-0.5))]),
      c.b.f(1 / Math.sqrt(2 * Math.PI)),
    );
    return [c.b.mul(c.g, c.b.add(cdf, c.b.mul(x, pdf)))];
  },
  // dx = y * (g - sum(g * y, axis))
  Softmax: (c) => {
    const y = out(c);
    const axis = attrInt(c.node, "axis", -1);
    const dot = c.b.sum(c.b.mul(c.g, y), [axis], true);
    return [c.b.mul(y, c.b.sub(c.g, dot))];
  },
  // The shape-only ops: the gradient takes the input's shape back.
  Reshape: (c) => [c.b.op("Reshape", [c.g, c.b.shape(inp(c, 0))])],
  Flatten: (c) => [c.b.op("Reshape", [c.g, c.b.shape(inp(c, 0))])],
  Squeeze: (c) => [c.b.op("Reshape", [c.g, c.b.shape(inp(c, 0))])],
  Unsqueeze: (c) => [c.b.op("Reshape", [c.g, c.b.shape(inp(c, 0))])],
  Expand: (c) => [c.b.reduceTo(c.g, inp(c, 0))],
  Transpose: (c) => {
    const perm = attrInts(c.node, "perm");
    if (!perm) return [c.b.op("Transpose", [c.g])]; // the default (reversed axes) is its own inverse
    const inverse = perm.map((_, i) => perm.indexOf(i));
    return [c.b.op("Transpose", [c.g], [ints("perm", inverse)])];
  },
  Concat: (c) => {
    const axis = attrInt(c.node, "axis", 0);
    const sizes = c.node.inputs.map((x) => c.b.op("Gather", [c.b.shape(x), c.b.i64([axis])]));
    const split = c.b.op("Concat", sizes, [int("axis", 0)]);
    const parts = c.b.node("Split", [c.g, split], [int("axis", axis)], c.node.inputs.length);
    return parts.map((p, i) => (c.need[i] ? p : null));
  },
  Where: (c) => {
    const cond = inp(c, 0);
    const zero = c.b.f(0);
    return [
      null,
      c.need[1] ? c.b.reduceTo(c.b.op("Where", [cond, c.g, zero]), inp(c, 1)) : null,
      c.need[2] ? c.b.reduceTo(c.b.op("Where", [cond, zero, c.g]), inp(c, 2)) : null,
    ];
  },
  // dA = g B^T, dB = A^T g (last two axes), each reduced over the batch axes it was broadcast along.
  MatMul: (c) => {
    for (const i of [0, 1]) {
      if (c.dims(inp(c, i))?.length === 1) refuse(c.node, "1-D MatMul operands have no gradient rule");
    }
    return [
      c.need[0]
        ? c.b.reduceTo(
            c.b.op("Einsum", [c.g, inp(c, 1)], [{ name: "equation", s: "...ij,...kj->...ik" }]),
            inp(c, 0),
          )
        : null,
      c.need[1]
        ? c.b.reduceTo(
            c.b.op("Einsum", [inp(c, 0), c.g], [{ name: "equation", s: "...ki,...kj->...ij" }]),
            inp(c, 1),
          )
        : null,
    ];
  },
  // Y = alpha A' B' + beta C with A' = transA ? A^T : A, B' likewise.
  Gemm: (c) => {
    const alpha = attrFloat(c.node, "alpha", 1);
    const beta = attrFloat(c.node, "beta", 1);
    const ta = attrInt(c.node, "transA", 0);
    const tb = attrInt(c.node, "transB", 0);
    const [a, b] = [inp(c, 0), inp(c, 1)];
    const gemm = (x: string, y: string, tx: number, ty: number) =>
      c.b.op("Gemm", [x, y], [float("alpha", alpha), int("transA", tx), int("transB", ty)]);
    return [
      c.need[0] ? (ta ? gemm(b, c.g, tb, 1) : gemm(c.g, b, 0, tb ? 0 : 1)) : null,
      c.need[1] ? (tb ? gemm(c.g, a, 1, ta) : gemm(a, c.g, ta ? 0 : 1, 0)) : null,
      c.need[2] ? c.b.reduceTo(c.b.mul(c.g, c.b.f(beta)), inp(c, 2)) : null,
    ];
  },
  Conv: (c) => {
    const geo = geometry(c);
    const [x, w] = [inp(c, 0), inp(c, 1)];
    let dx: string | null = null;
    if (c.need[0]) dx = convInputGrad(c, geo, x, w);
    // Conv weight [Cout, Cin/g, k]: per group Cin/g input and Cout/g output channels.
    const perGroup: [number, number] = [geo.wDims[1] ?? 0, (geo.wDims[0] ?? 0) / geo.group];
    const dw = c.need[1] ? weightGrad(c, geo, x, c.g, perGroup) : null;
    return [dx, dw, c.need[2] ? biasGrad(c) : null];
  },
  ConvTranspose: (c) => {
    const geo = geometry(c);
    const [x, w] = [inp(c, 0), inp(c, 1)];
    const dx = c.need[0]
      ? c.b.op(
          "Conv",
          [c.g, w],
          [
            ints("strides", geo.strides),
            ints("pads", geo.pads),
            ints("dilations", geo.dilations),
            int("group", geo.group),
          ],
        )
      : null;
    // ConvTranspose weight [Cin, Cout/g, k]: per group Cout/g output and Cin/g input channels.
    const perGroup: [number, number] = [geo.wDims[1] ?? 0, (geo.wDims[0] ?? 0) / geo.group];
    const dw = c.need[1] ? weightGrad(c, geo, c.g, x, perGroup) : null;
    return [dx, dw, c.need[2] ? biasGrad(c) : null];
  },
  // LayerNormalization (opset 17): per row of x flattened at `axis`, y = scale * xhat + B with the
  // same xhat as InstanceNormalization; scale and B have the shape of x's axes from `axis` on.
  LayerNormalization: (c) => {
    const { b } = c;
    const axis = attrInt(c.node, "axis", -1);
    if (attrInt(c.node, "stash_type", 1) !== 1)
      refuse(c.node, "stash_type other than float32 is not supported");
    const eps = attrFloat(c.node, "epsilon", 1e-5);
    const x2 = b.op("Flatten", [inp(c, 0)], [int("axis", axis)]);
    const count = b.dimAsFloat(x2, 1);
    const mean = b.div(b.sum(x2, [1], true), count);
    const xc = b.sub(x2, mean);
    const variance = b.div(b.sum(b.mul(xc, xc), [1], true), count);
    const rstd = b.div(b.f(1), b.op("Sqrt", [b.add(variance, b.f(eps))]));
    const xhat = b.mul(xc, rstd);
    const g2 = b.op("Flatten", [c.g], [int("axis", axis)]);
    const asParam = (t: string, i: number) => b.op("Reshape", [t, b.shape(inp(c, i))]);
    let dx: string | null = null;
    if (c.need[0]) {
      const gs = b.mul(g2, b.op("Reshape", [inp(c, 1), b.i64([1, -1])]));
      const m1 = b.div(b.sum(gs, [1], true), count);
      const m2 = b.div(b.sum(b.mul(gs, xhat), [1], true), count);
      const dx2 = b.mul(rstd, b.sub(b.sub(gs, m1), b.mul(xhat, m2)));
      dx = b.op("Reshape", [dx2, b.shape(inp(c, 0))]);
    }
    return [
      dx,
      c.need[1] ? asParam(b.sum(b.mul(g2, xhat), [0], false), 1) : null,
      c.need[2] ? asParam(b.sum(g2, [0], false), 2) : null,
    ];
  },
  // Reductions: the gradient is spread back over the reduced axes (divided by their size for a mean).
  ReduceSum: (c) => [reduceGrad(c, false)],
  ReduceMean: (c) => [reduceGrad(c, true)],
  // x ^ p: d/dx = p x^(p-1) (the exponent's own gradient is not supported)
  Pow: (c) => {
    if (c.need[1]) refuse(c.node, "a trained exponent has no gradient rule");
    const [x, p] = [inp(c, 0), inp(c, 1)];
    const pf = c.b.op("Cast", [p], [int("to", 1)]);
    const d = c.b.mul(pf, c.b.op("Pow", [x, c.b.sub(pf, c.b.f(1))]));
    return [c.b.reduceTo(c.b.mul(c.g, d), x), null];
  },
  // y = scale * xhat + B per (n, c) over the spatial positions, xhat = (x - mean) / sqrt(var + eps).
  InstanceNormalization: (c) => {
    const { b } = c;
    const eps = attrFloat(c.node, "epsilon", 1e-5);
    const x3 = b.ncl(inp(c, 0));
    const count = b.dimAsFloat(x3, 2);
    const mean = b.div(b.sum(x3, [2], true), count);
    const xc = b.sub(x3, mean);
    const variance = b.div(b.sum(b.mul(xc, xc), [2], true), count);
    const rstd = b.div(b.f(1), b.op("Sqrt", [b.add(variance, b.f(eps))]));
    const xhat = b.mul(xc, rstd);
    const g3 = b.ncl(c.g);
    let dx: string | null = null;
    if (c.need[0]) {
      const gs = b.mul(g3, b.op("Reshape", [inp(c, 1), b.i64([1, -1, 1])]));
      const m1 = b.div(b.sum(gs, [2], true), count);
      const m2 = b.div(b.sum(b.mul(gs, xhat), [2], true), count);
      const dx3 = b.mul(rstd, b.sub(b.sub(gs, m1), b.mul(xhat, m2)));
      dx = b.op("Reshape", [dx3, b.shape(inp(c, 0))]);
    }
    return [
      dx,
      c.need[1] ? b.sum(b.mul(g3, xhat), [0, 2], false) : null,
      c.need[2] ? b.sum(g3, [0, 2], false) : null,
    ];
  },
};

export const SUPPORTED_OPS: readonly string[] = Object.keys(RULES).sort();

export function gradients(c: GradContext): (string | null)[] {
  const rule = RULES[c.node.opType];
  if (!rule || c.node.domain !== "")
    return refuse(c.node, `no gradient rule for ${c.node.domain ? `${c.node.domain}.` : ""}${c.node.opType}`);
  if (c.node.outputs.filter((o) => o !== "").length > 1)
    return refuse(c.node, "gradient through a node with several outputs is not supported");
  return rule(c);
}
