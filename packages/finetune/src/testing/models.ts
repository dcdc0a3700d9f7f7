import type { Attr } from "../graph/proto.ts";
import { DT, modelBytes, nodeBytes, tensorBytes, valueInfoBytes } from "../graph/proto.ts";

/** A seeded uniform generator, so every check sees the same numbers. */
export { mulberry32 as prng } from "@edgeseg/bench";

export function randn(rand: () => number, n: number, scale = 1, offset = 0): Float32Array {
  return Float32Array.from({ length: n }, () => (rand() * 2 - 1) * scale + offset);
}

export interface OpNode {
  op: string;
  inputs: string[];
  output: string;
  attrs?: Attr[];
}

/**
 * A small model around the op under test: "x_in" -> Identity -> "x" (where the test cuts) -> Add of a
 * full-shape parameter "x.shift" (whose gradient is the gradient w.r.t. the op's input) -> "x1" ->
 * the nodes under test -> "y". Initializers (weights) become trainable parameters.
 */
export function opModel(opts: {
  xDims: number[];
  nodes: OpNode[];
  inits: Record<string, { dims: number[]; data: Float32Array | BigInt64Array }>;
  rand: () => number;
  opset?: number;
}): Uint8Array {
  const count = opts.xDims.reduce((a, b) => a * b, 1);
  const inits = { ...opts.inits, "x.shift": { dims: opts.xDims, data: randn(opts.rand, count, 0.1) } };
  const nodes = [
    { op: "Identity", inputs: ["x_in"], output: "x" },
    { op: "Add", inputs: ["x", "x.shift"], output: "x1" },
    ...opts.nodes,
  ];
  return modelBytes(
    {
      name: "op-check",
      nodes: nodes.map((n, i) =>
        nodeBytes({
          name: `n${i}_${n.op}`,
          opType: n.op,
          domain: "",
          inputs: n.inputs,
          outputs: [n.output],
          attrs: new Map((n.attrs ?? []).map((a) => [a.name, a])),
        }),
      ),
      initializers: Object.entries(inits).map(([name, t]) => tensorBytes(name, t.dims, t.data)),
      inputs: [valueInfoBytes("x_in", DT.float, opts.xDims)],
      outputs: [valueInfoBytes("y", DT.float)],
    },
    8,
    [{ domain: "", version: opts.opset ?? 17 }],
  );
}
