import { type Attr, type OnnxNode, tensorBytes } from "./proto.ts";

export const int = (name: string, i: number): Attr => ({ name, i });
export const ints = (name: string, v: number[]): Attr => ({ name, ints: v });
export const float = (name: string, f: number): Attr => ({ name, f });

/**
 * Emits ONNX nodes and constants for the generated part of a training graph. Every name it makes starts
 * with `prefix` and carries a counter, so it cannot collide with the model's own tensor names.
 */
export class GraphBuilder {
  readonly nodes: OnnxNode[] = [];
  readonly initializers: Uint8Array[] = [];
  private count = 0;
  private readonly consts = new Map<string, string>();

  constructor(
    private readonly prefix: string,
    /** The default domain's opset of the graph (some ops moved attributes to inputs over versions). */
    readonly opset: number,
  ) {}

  fresh(hint: string): string {
    return `${this.prefix}${hint}_${this.count++}`;
  }

  /** One node; returns its outputs (`outputs` names them, else fresh names). */
  node(opType: string, inputs: string[], attrs: Attr[] = [], outputs = 1 as number | string[]): string[] {
    const outs =
      typeof outputs === "number" ? Array.from({ length: outputs }, () => this.fresh(opType)) : outputs;
    this.nodes.push({
      name: this.fresh(`${opType}_node`),
      opType,
      domain: "",
      inputs,
      outputs: outs,
      attrs: new Map(attrs.map((a) => [a.name, a])),
    });
    return outs;
  }

  op(opType: string, inputs: string[], attrs: Attr[] = []): string {
    return this.node(opType, inputs, attrs)[0] as string;
  }

  /** Into `name` (e.g. a graph output). */
  opTo(name: string, opType: string, inputs: string[], attrs: Attr[] = []): string {
    return this.node(opType, inputs, attrs, [name])[0] as string;
  }

  private constant(key: string, make: (name: string) => Uint8Array): string {
    let name = this.consts.get(key);
    if (!name) {
      name = this.fresh("const");
      this.initializers.push(make(name));
      this.consts.set(key, name);
    }
    return name;
  }

  /** A float32 scalar (dims []). */
  f(v: number): string {
    return this.constant(`f${v}`, (n) => tensorBytes(n, [], Float32Array.of(v)));
  }

  /** A 1-D float32 tensor. */
  constFloats(v: number[]): string {
    return this.constant(`fs[${v.join(",")}]`, (n) => tensorBytes(n, [v.length], Float32Array.from(v)));
  }

  /** A float64 scalar (dims []). */
  d(v: number): string {
    return this.constant(`d${v}`, (n) => tensorBytes(n, [], Float64Array.of(v)));
  }

  /** A 1-D int64 tensor. */
  i64(v: number[]): string {
    return this.constant(`i[${v.join(",")}]`, (n) =>
      tensorBytes(n, [v.length], BigInt64Array.from(v.map(BigInt))),
    );
  }

  /** An int64 scalar (dims []). */
  i64s(v: number): string {
    return this.constant(`is${v}`, (n) => tensorBytes(n, [], BigInt64Array.of(BigInt(v))));
  }

  // --- composite helpers -----------------------------------------------------------------------

  add = (a: string, b: string) => this.op("Add", [a, b]);
  sub = (a: string, b: string) => this.op("Sub", [a, b]);
  mul = (a: string, b: string) => this.op("Mul", [a, b]);
  div = (a: string, b: string) => this.op("Div", [a, b]);
  shape = (x: string) => this.op("Shape", [x]);

  /** ReduceSum over `axes` (opset 13+: axes is an input). */
  sum(x: string, axes: number[] | null, keepdims: boolean): string {
    return this.op("ReduceSum", axes ? [x, this.i64(axes)] : [x], [int("keepdims", keepdims ? 1 : 0)]);
  }

  /** ReduceMax over `axes` (an attribute before opset 18, an input since). */
  max(x: string, axes: number[], keepdims: boolean): string {
    const keep = int("keepdims", keepdims ? 1 : 0);
    return this.opset >= 18
      ? this.op("ReduceMax", [x, this.i64(axes)], [keep])
      : this.op("ReduceMax", [x], [ints("axes", axes), keep]);
  }

  /** x as [N, C, rest] (rank 3), whatever its rank. */
  ncl = (x: string) => this.op("Reshape", [x, this.i64([0, 0, -1])]);

  /** Dimension `axis` of x as a float32 scalar. */
  dimAsFloat(x: string, axis: number): string {
    const d = this.op("Gather", [this.shape(x), this.i64s(axis)]);
    return this.op("Cast", [d], [int("to", 1)]);
  }

  /** Number of elements of x as a float32 scalar. */
  sizeAsFloat(x: string): string {
    return this.op("Cast", [this.op("Size", [x])], [int("to", 1)]);
  }

  /**
   * The gradient of a broadcast operand: `g` (of the broadcast result's shape) summed over the axes along
   * which `x` was broadcast, reshaped to x's shape (numpy broadcasting: x's shape is right-aligned and
   * padded with ones). Works on shapes at run time, so no static shape inference is needed.
   */
  reduceTo(g: string, x: string): string {
    const sg = this.shape(g);
    const sx = this.shape(x);
    const missing = this.sub(this.shape(sg), this.shape(sx));
    const ones = this.op("Expand", [this.i64([1]), missing]);
    const padded = this.op("Concat", [ones, sx], [int("axis", 0)]);
    const differs = this.op("Not", [this.op("Equal", [padded, sg])]);
    const axes = this.op("Reshape", [this.op("NonZero", [differs]), this.i64([-1])]);
    const summed = this.op("ReduceSum", [g, axes], [int("keepdims", 1), int("noop_with_empty_axes", 1)]);
    return this.op("Reshape", [summed, sx]);
  }
}
