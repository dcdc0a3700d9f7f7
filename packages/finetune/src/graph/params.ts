import { body, readFields } from "@edgeseg/bench/onnx-wire";
import { AppError } from "@edgeseg/protocol";
import protobuf from "protobufjs/minimal.js";
import { readInitializer, tensorBytes } from "./proto.ts";
import type { NamedTensor } from "./types.ts";

const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;

const field = (no: number, payload: Uint8Array) =>
  protobuf.Writer.create()
    .uint32((no << 3) | 2)
    .bytes(payload)
    .finish();

/**
 * The model with the named float32 initializers replaced by new values (e.g. the fine-tuned parameters
 * put back into the whole model or its trainable part); every other byte is kept.
 */
export function applyParams(model: Uint8Array, params: readonly NamedTensor[]): Uint8Array {
  const byName = new Map(params.map((p) => [p.name, p]));
  const used = new Set<string>();
  const top = readFields(model, "the model");
  const parts = top.map((f) => {
    if (f.no !== MODEL_GRAPH || f.wire !== 2) return model.subarray(f.start, f.end);
    const gb = body(model, f);
    const graphParts = readFields(gb, "the model's graph").map((g) => {
      if (g.no !== GRAPH_INITIALIZER || g.wire !== 2) return gb.subarray(g.start, g.end);
      const t = readInitializer(body(gb, g));
      const p = byName.get(t.name);
      if (!p) return gb.subarray(g.start, g.end);
      if (p.dims.join(",") !== t.dims.join(",") || p.data.length !== p.dims.reduce((a, d) => a * d, 1))
        throw new AppError(
          "INPUT",
          `parameter ${p.name} has dims [${p.dims}] and ${p.data.length} values; the model's initializer has dims [${t.dims}]`,
        );
      used.add(p.name);
      return field(GRAPH_INITIALIZER, tensorBytes(p.name, p.dims, p.data));
    });
    return field(MODEL_GRAPH, Buffer.concat(graphParts));
  });
  const missing = params.filter((p) => !used.has(p.name)).map((p) => p.name);
  if (missing.length > 0)
    throw new AppError(
      "INPUT",
      `the model has no initializer named ${missing.slice(0, 3).join(", ")}; these parameters belong to another model`,
    );
  return Buffer.concat(parts);
}
