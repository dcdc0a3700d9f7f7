import { body, readFields, utf8, varints, type WireField } from "@edgeseg/bench/onnx-wire";
import { AppError } from "@edgeseg/protocol";
import protobuf from "protobufjs/minimal.js";

// Field numbers of onnx.proto (onnx/onnx, IR version 10) that the graph code reads or writes. Fields it
// does not rewrite (a node's attributes, doc strings, metadata) are copied byte for byte.
const MODEL = { irVersion: 1, producerName: 2, graph: 7, opsetImport: 8 } as const;
const OPSET = { domain: 1, version: 2 } as const;
const GRAPH = { node: 1, name: 2, initializer: 5, input: 11, output: 12, valueInfo: 13 } as const;
const NODE = { input: 1, output: 2, name: 3, opType: 4, attribute: 5, domain: 7 } as const;
const ATTR = { name: 1, f: 2, i: 3, s: 4, t: 5, floats: 7, ints: 8, type: 20 } as const;
const TENSOR = { dims: 1, dataType: 2, floatData: 4, name: 8, rawData: 9 } as const;
const VALUE = { name: 1, type: 2 } as const;

export const DT = { float: 1, int64: 7, bool: 9, double: 11 } as const;

export interface Attr {
  name: string;
  f?: number;
  i?: number;
  s?: string;
  /** A TensorProto's bytes. */
  t?: Uint8Array;
  floats?: number[];
  ints?: number[];
}

export interface OnnxNode {
  /** The NodeProto as read (absent for generated nodes). */
  raw?: Uint8Array;
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attrs: Map<string, Attr>;
}

export interface Initializer {
  raw: Uint8Array;
  name: string;
  dtype: number;
  dims: number[];
}

export interface ValueInfo {
  raw: Uint8Array;
  name: string;
}

export interface OnnxModel {
  irVersion: number;
  opsets: { domain: string; version: number }[];
  nodes: OnnxNode[];
  initializers: Initializer[];
  inputs: ValueInfo[];
  outputs: ValueInfo[];
  valueInfo: ValueInfo[];
}

const str = (buf: Uint8Array, f: WireField) => utf8(body(buf, f));

function readAttr(buf: Uint8Array): Attr {
  const fs = readFields(buf, "a node attribute");
  const a: Attr = { name: "" };
  for (const f of fs) {
    if (f.no === ATTR.name && f.wire === 2) a.name = str(buf, f);
    else if (f.no === ATTR.f && f.wire === 5) a.f = floatValues(buf, f)[0] ?? 0;
    else if (f.no === ATTR.i && f.wire === 0) a.i = int64s(buf, f)[0] ?? 0;
    else if (f.no === ATTR.s && f.wire === 2) a.s = str(buf, f);
    else if (f.no === ATTR.t && f.wire === 2) a.t = body(buf, f);
  }
  const ints = fs.filter((f) => f.no === ATTR.ints);
  if (ints.length > 0) a.ints = ints.flatMap((f) => int64s(buf, f));
  const floats = fs.filter((f) => f.no === ATTR.floats);
  if (floats.length > 0) a.floats = floats.flatMap((f) => floatValues(buf, f));
  return a;
}

/**
 * Signed int64 values of a varint field or a packed run (wire.ts reads varints as unsigned, which loses
 * negative values such as axis = -1).
 */
function int64s(buf: Uint8Array, f: WireField): number[] {
  const r = protobuf.Reader.create(buf.subarray(f.bodyStart, f.end));
  const out: number[] = [];
  while (r.pos < r.len) {
    const v = r.int64() as unknown as number | { toNumber(): number };
    out.push(typeof v === "number" ? v : v.toNumber());
    if (f.wire === 0) break;
  }
  return out;
}

function floatValues(buf: Uint8Array, f: WireField): number[] {
  if (f.wire === 5) return [Buffer.from(buf.buffer, buf.byteOffset + f.bodyStart, 4).readFloatLE(0)];
  const b = body(buf, f);
  const out: number[] = [];
  for (let o = 0; o + 4 <= b.length; o += 4) out.push(Buffer.from(b.buffer, b.byteOffset).readFloatLE(o));
  return out;
}

function readNode(buf: Uint8Array): OnnxNode {
  const n: OnnxNode = {
    raw: buf,
    name: "",
    opType: "",
    domain: "",
    inputs: [],
    outputs: [],
    attrs: new Map(),
  };
  for (const f of readFields(buf, "a graph node")) {
    if (f.wire !== 2) continue;
    if (f.no === NODE.input) n.inputs.push(str(buf, f));
    else if (f.no === NODE.output) n.outputs.push(str(buf, f));
    else if (f.no === NODE.name) n.name = str(buf, f);
    else if (f.no === NODE.opType) n.opType = str(buf, f);
    else if (f.no === NODE.domain) n.domain = str(buf, f);
    else if (f.no === NODE.attribute) {
      const a = readAttr(body(buf, f));
      n.attrs.set(a.name, a);
    }
  }
  return n;
}

export function readInitializer(buf: Uint8Array): Initializer {
  const fs = readFields(buf, "an initializer");
  let name = "";
  let dtype = 0;
  for (const f of fs) {
    if (f.no === TENSOR.name && f.wire === 2) name = str(buf, f);
    else if (f.no === TENSOR.dataType && f.wire === 0) dtype = f.value;
  }
  return { raw: buf, name, dtype, dims: varints(buf, fs, TENSOR.dims) };
}

/** The float32 values of a tensor held inline (raw_data or float_data). */
export function floatData(t: Initializer): Float32Array {
  const fs = readFields(t.raw, `initializer ${t.name}`);
  const count = t.dims.reduce((a, b) => a * b, 1);
  const raw = fs.find((f) => f.no === TENSOR.rawData && f.wire === 2);
  if (raw) {
    const b = body(t.raw, raw);
    if (b.length !== count * 4)
      throw new AppError(
        "INPUT",
        `initializer ${t.name}: ${b.length} bytes of data for ${count} float32 values; re-export the model`,
      );
    return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.length));
  }
  const vals = fs.filter((f) => f.no === TENSOR.floatData).flatMap((f) => floatValues(t.raw, f));
  if (vals.length !== count)
    throw new AppError(
      "INPUT",
      `initializer ${t.name} has no inline data (external data?); save the model with its weights inline`,
    );
  return Float32Array.from(vals);
}

function readValueInfo(buf: Uint8Array): ValueInfo {
  const f = readFields(buf, "a value info").find((x) => x.no === VALUE.name && x.wire === 2);
  return { raw: buf, name: f ? str(buf, f) : "" };
}

export function readModel(bytes: Uint8Array, what: string): OnnxModel {
  const top = readFields(bytes, what);
  const graphField = top.find((f) => f.no === MODEL.graph && f.wire === 2);
  const ir = top.find((f) => f.no === MODEL.irVersion && f.wire === 0);
  if (!graphField || !ir)
    throw new AppError("INPUT", `${what} is not an ONNX model (no ir_version and graph); pass an .onnx file`);
  const opsets = top
    .filter((f) => f.no === MODEL.opsetImport && f.wire === 2)
    .map((f) => {
      const b = body(bytes, f);
      const o = { domain: "", version: 0 };
      for (const g of readFields(b, "an opset import")) {
        if (g.no === OPSET.domain && g.wire === 2) o.domain = str(b, g);
        if (g.no === OPSET.version && g.wire === 0) o.version = g.value;
      }
      return o;
    });
  const gb = body(bytes, graphField);
  const m: OnnxModel = {
    irVersion: ir.value,
    opsets,
    nodes: [],
    initializers: [],
    inputs: [],
    outputs: [],
    valueInfo: [],
  };
  for (const f of readFields(gb, `the graph of ${what}`)) {
    if (f.wire !== 2) continue;
    const b = body(gb, f);
    if (f.no === GRAPH.node) m.nodes.push(readNode(b));
    else if (f.no === GRAPH.initializer) m.initializers.push(readInitializer(b));
    else if (f.no === GRAPH.input) m.inputs.push(readValueInfo(b));
    else if (f.no === GRAPH.output) m.outputs.push(readValueInfo(b));
    else if (f.no === GRAPH.valueInfo) m.valueInfo.push(readValueInfo(b));
  }
  return m;
}

// --- writing -------------------------------------------------------------------------------------

type W = protobuf.Writer;
const w = (): W => protobuf.Writer.create();
const msg = (wr: W, no: number, payload: Uint8Array): W => wr.uint32((no << 3) | 2).bytes(payload);
const s = (wr: W, no: number, v: string): W => wr.uint32((no << 3) | 2).string(v);

function attrBytes(a: Attr): Uint8Array {
  const wr = s(w(), ATTR.name, a.name);
  // AttributeProto.AttributeType: FLOAT 1, INT 2, STRING 3, TENSOR 4, FLOATS 6, INTS 7.
  if (a.f !== undefined)
    wr.uint32((ATTR.f << 3) | 5)
      .float(a.f)
      .uint32(ATTR.type << 3)
      .int32(1);
  else if (a.i !== undefined)
    wr.uint32(ATTR.i << 3)
      .int64(a.i)
      .uint32(ATTR.type << 3)
      .int32(2);
  else if (a.s !== undefined)
    s(wr, ATTR.s, a.s)
      .uint32(ATTR.type << 3)
      .int32(3);
  else if (a.t !== undefined)
    msg(wr, ATTR.t, a.t)
      .uint32(ATTR.type << 3)
      .int32(4);
  else if (a.floats !== undefined) {
    for (const v of a.floats) wr.uint32((ATTR.floats << 3) | 5).float(v);
    wr.uint32(ATTR.type << 3).int32(6);
  } else if (a.ints !== undefined) {
    for (const v of a.ints) wr.uint32(ATTR.ints << 3).int64(v);
    wr.uint32(ATTR.type << 3).int32(7);
  }
  return wr.finish();
}

export function nodeBytes(n: OnnxNode): Uint8Array {
  if (n.raw) return n.raw;
  const wr = w();
  for (const i of n.inputs) s(wr, NODE.input, i);
  for (const o of n.outputs) s(wr, NODE.output, o);
  if (n.name) s(wr, NODE.name, n.name);
  s(wr, NODE.opType, n.opType);
  for (const a of n.attrs.values()) msg(wr, NODE.attribute, attrBytes(a));
  if (n.domain) s(wr, NODE.domain, n.domain);
  return wr.finish();
}

/** A TensorProto holding float32, float64 or int64 values inline (raw_data, little-endian). */
export function tensorBytes(
  name: string,
  dims: readonly number[],
  data: Float32Array | Float64Array | BigInt64Array,
): Uint8Array {
  const wr = w();
  for (const d of dims) wr.uint32(TENSOR.dims << 3).int64(d);
  const dtype = data instanceof Float32Array ? DT.float : data instanceof Float64Array ? DT.double : DT.int64;
  wr.uint32(TENSOR.dataType << 3).int32(dtype);
  if (name) s(wr, TENSOR.name, name);
  msg(wr, TENSOR.rawData, new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
  return wr.finish();
}

/** A ValueInfoProto of a tensor: element type and, when known, its dims (a string is a symbolic dim). */
export function valueInfoBytes(
  name: string,
  elemType: number,
  dims?: readonly (number | string)[],
): Uint8Array {
  const tensorType = w()
    .uint32(1 << 3)
    .int32(elemType);
  if (dims) {
    const shape = w();
    for (const d of dims) {
      const dim =
        typeof d === "number"
          ? w()
              .uint32(1 << 3)
              .int64(d)
          : s(w(), 2, d);
      msg(shape, 1, dim.finish());
    }
    msg(tensorType, 2, shape.finish());
  }
  const type = msg(w(), 1, tensorType.finish()).finish();
  return msg(s(w(), VALUE.name, name), VALUE.type, type).finish();
}

export interface GraphParts {
  name: string;
  nodes: Uint8Array[];
  initializers: Uint8Array[];
  inputs: Uint8Array[];
  outputs: Uint8Array[];
  valueInfo?: Uint8Array[];
}

export function modelBytes(
  g: GraphParts,
  irVersion: number,
  opsets: readonly { domain: string; version: number }[],
): Uint8Array {
  const gw = w();
  for (const n of g.nodes) msg(gw, GRAPH.node, n);
  s(gw, GRAPH.name, g.name);
  for (const t of g.initializers) msg(gw, GRAPH.initializer, t);
  for (const v of g.inputs) msg(gw, GRAPH.input, v);
  for (const v of g.outputs) msg(gw, GRAPH.output, v);
  for (const v of g.valueInfo ?? []) msg(gw, GRAPH.valueInfo, v);
  const mw = w()
    .uint32(MODEL.irVersion << 3)
    .int64(irVersion);
  s(mw, MODEL.producerName, "edgeseg-finetune");
  msg(mw, MODEL.graph, gw.finish());
  for (const o of opsets) {
    const ow = w();
    if (o.domain) s(ow, OPSET.domain, o.domain);
    ow.uint32(OPSET.version << 3).int64(o.version);
    msg(mw, MODEL.opsetImport, ow.finish());
  }
  return mw.finish();
}

/** The opset version of the default ONNX domain. */
export function onnxOpset(m: OnnxModel): number {
  return m.opsets.find((o) => o.domain === "" || o.domain === "ai.onnx")?.version ?? 0;
}
