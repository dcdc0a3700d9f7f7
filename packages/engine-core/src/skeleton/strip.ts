import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import { AppError } from "@edgeseg/protocol";
import { initializers, parseModel } from "./model.ts";
import { BYTES_PER_ELEMENT, isStrippedDtype, MODEL, SKELETON_KEY, TENSOR } from "./onnx.ts";
import type { SkeletonMeta, TensorStats } from "./schema.ts";
import { tensorStats } from "./stats.ts";
import { readExternal, readTensor, shellFields, type TensorInfo } from "./tensor.ts";
import { body, lengthDelimited, stringEntry } from "./wire.ts";

/** Bytes per element of the kept (not stripped) types an external tensor may have. */
const KEPT_BYTES: Record<number, number> = { 4: 2, 5: 2, 6: 4, 7: 8, 9: 1, 12: 4, 13: 8 };

export interface StripResult {
  skeleton: Buffer;
  meta: SkeletonMeta;
  /** Initializers kept with their values: integer and boolean tensors (shapes, axes, indices) and scalars. */
  kept: number;
}

/**
 * Strips a model's weights: each floating-point or int8/uint8 initializer of more than one element
 * loses its values and gets statistics instead; everything else (the graph's nodes, inputs, outputs,
 * opsets, integer tensors such as Reshape shapes, scalar constants such as Pow exponents) is kept as
 * it was. External-data tensors are read from their file for statistics; the skeleton keeps no data.
 */
export function stripModelBytes(bytes: Uint8Array, file: string): StripResult {
  const model = parseModel(bytes, file);
  if (model.skeletonJson !== null)
    throw new AppError("INPUT", `${file} is already a skeleton; strip the original model instead`);
  const modelDir = path.dirname(path.resolve(file));
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  const tensors: TensorStats[] = [];
  let kept = 0;
  const graphBytes = body(bytes, model.graph);
  const inits = new Set(initializers(model));
  const graphParts = model.graphFields.map((f) => {
    if (!inits.has(f)) return graphBytes.subarray(f.start, f.end);
    const t = readTensor(body(graphBytes, f), file);
    if (isStrippedDtype(t.dtype) && t.count > 1 && t.hasData) {
      tensors.push(tensorStats(t, t.dtype, modelDir));
      return lengthDelimited(f.no, Buffer.concat(shellFields(t)));
    }
    kept++;
    return t.external ? lengthDelimited(f.no, inlined(t, modelDir)) : graphBytes.subarray(f.start, f.end);
  });
  const meta: SkeletonMeta = {
    format: "edgeseg-skeleton",
    version: 1,
    fill: "uniform-moments",
    seed: Number.parseInt(sha256.slice(0, 8), 16),
    source: { sha256, bytes: bytes.byteLength },
    tensors,
  };
  const top = model.fields.map((f) =>
    f === model.graph
      ? lengthDelimited(MODEL.graph, Buffer.concat(graphParts))
      : bytes.subarray(f.start, f.end),
  );
  top.push(lengthDelimited(MODEL.metadataProps, stringEntry(SKELETON_KEY, JSON.stringify(meta))));
  return { skeleton: Buffer.concat(top), meta, kept };
}

/** A kept tensor whose values sit in an external file: the skeleton travels alone, so they go inline. */
function inlined(t: TensorInfo, modelDir: string): Uint8Array {
  const size = isStrippedDtype(t.dtype) ? BYTES_PER_ELEMENT[t.dtype] : KEPT_BYTES[t.dtype];
  if (size === undefined) {
    throw new AppError(
      "INPUT",
      `initializer ${t.name}: external data of type ${t.dtype} is not supported; convert the model with its data inline`,
    );
  }
  const raw = readExternal(t, modelDir, t.count * size);
  return Buffer.concat([...shellFields(t), lengthDelimited(TENSOR.rawData, raw)]);
}

export async function stripModel(file: string): Promise<StripResult> {
  const bytes = await readFile(file).catch((err: NodeJS.ErrnoException) => {
    throw new AppError(
      "INPUT",
      `model ${file} ${err.code === "ENOENT" ? "not found" : "not readable"}; pass the path of an .onnx file`,
    );
  });
  return stripModelBytes(bytes, file);
}
