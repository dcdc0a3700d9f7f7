import { readFile } from "node:fs/promises";
import type { VerifiedGraph } from "@edgeseg/bench";
import { body, readFields } from "@edgeseg/bench/onnx-wire";
import { DT, readInitializer } from "../graph/proto.ts";

const MODEL_GRAPH = 7;
const GRAPH_INITIALIZER = 5;

/** Number of float32 values in a model's initializers (its weights). */
export function floatParameterCount(model: Uint8Array): number {
  let n = 0;
  for (const f of readFields(model, "the model")) {
    if (f.no !== MODEL_GRAPH || f.wire !== 2) continue;
    const graph = body(model, f);
    for (const g of readFields(graph, "the model's graph")) {
      if (g.no !== GRAPH_INITIALIZER || g.wire !== 2) continue;
      const t = readInitializer(body(graph, g));
      if (t.dtype === DT.float) n += t.dims.reduce((a, d) => a * d, 1);
    }
  }
  return n;
}

/**
 * Frozen parameters of the whole model: the split graph's frozen values plus every other graph of the
 * model (a promptable model's image encoder runs frozen, once per slice).
 */
export async function frozenParameterCount(
  graphs: readonly VerifiedGraph[],
  role: string,
  splitFrozen: number,
): Promise<number> {
  let n = splitFrozen;
  for (const g of graphs)
    if (g.role !== role) n += floatParameterCount(new Uint8Array(await readFile(g.path)));
  return n;
}
