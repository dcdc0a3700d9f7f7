import { createHash } from "node:crypto";
import { open, readFile, rename, rm } from "node:fs/promises";
import { AppError } from "@edgeseg/protocol";
import { generateTensor, tensorSeed } from "./generate.ts";
import { initializers, parseModel, skeletonMeta } from "./model.ts";
import { BYTES_PER_ELEMENT, FILLED_KEY, MODEL, SKELETON_KEY, TENSOR } from "./onnx.ts";
import type { TensorStats } from "./schema.ts";
import { readTensor, shellFields } from "./tensor.ts";
import { body, lengthDelimited, lengthPrefix, readStringEntry, stringEntry } from "./wire.ts";

/** A tensor to generate while writing: its header bytes, then `stats.count` generated values. */
interface Generated {
  header: Uint8Array;
  stats: TensorStats;
  seed: number;
  dataBytes: number;
}
type Piece = Uint8Array | Generated;
const pieceBytes = (p: Piece) => (p instanceof Uint8Array ? p.byteLength : p.header.byteLength + p.dataBytes);

export interface FillResult {
  /** sha256 of the filled model's bytes. */
  sha256: string;
  bytes: number;
  /** sha256 of the skeleton it was filled from. */
  skeletonSha256: string;
  tensors: number;
}

/**
 * Plans the filled model from a skeleton: every byte of the skeleton except its statistics, every
 * stripped initializer given generated raw_data. The plan holds the skeleton and headers only.
 */
function plan(bytes: Uint8Array, file: string): { pieces: Piece[]; skeletonSha256: string; tensors: number } {
  const model = parseModel(bytes, file);
  const meta = skeletonMeta(model, file);
  const skeletonSha256 = createHash("sha256").update(bytes).digest("hex");
  const byName = new Map(meta.tensors.map((t, i) => [t.name, { stats: t, index: i }]));
  const graphBytes = body(bytes, model.graph);
  const inits = new Set(initializers(model));
  let used = 0;
  const graphPieces: Piece[] = model.graphFields.map((f) => {
    if (!inits.has(f)) return graphBytes.subarray(f.start, f.end);
    const t = readTensor(body(graphBytes, f), file);
    if (t.hasData) return graphBytes.subarray(f.start, f.end);
    const entry = byName.get(t.name);
    if (!entry) {
      throw new AppError(
        "INPUT",
        `${file}: initializer "${t.name}" has no data and no statistics, so it cannot be filled; strip the original model again`,
      );
    }
    const { stats, index } = entry;
    if (stats.dtype !== t.dtype || stats.count !== t.count) {
      throw new AppError(
        "INPUT",
        `${file}: statistics of "${t.name}" are for type ${stats.dtype} × ${stats.count}, the graph has type ${t.dtype} × ${t.count}; strip the original model again`,
      );
    }
    used++;
    const shell = Buffer.concat(shellFields(t));
    const dataBytes = stats.count * BYTES_PER_ELEMENT[stats.dtype];
    const rawPrefix = lengthPrefix(TENSOR.rawData, dataBytes);
    const header = Buffer.concat([
      lengthPrefix(f.no, shell.byteLength + rawPrefix.byteLength + dataBytes),
      shell,
      rawPrefix,
    ]);
    return { header, stats, seed: tensorSeed(meta.seed, index), dataBytes };
  });
  if (used !== meta.tensors.length) {
    throw new AppError(
      "INPUT",
      `${file}: ${meta.tensors.length - used} statistics name no empty initializer of the graph; the skeleton is damaged, strip the original model again`,
    );
  }
  const graphLength = graphPieces.reduce((n, p) => n + pieceBytes(p), 0);
  const pieces: Piece[] = [];
  for (const f of model.fields) {
    if (f === model.graph) pieces.push(lengthPrefix(MODEL.graph, graphLength), ...graphPieces);
    else if (f.no === MODEL.metadataProps && f.wire === 2) {
      const key = readStringEntry(body(bytes, f), file).key;
      if (key !== SKELETON_KEY) pieces.push(bytes.subarray(f.start, f.end));
    } else pieces.push(bytes.subarray(f.start, f.end));
  }
  pieces.push(lengthDelimited(MODEL.metadataProps, stringEntry(FILLED_KEY, skeletonSha256)));
  return { pieces, skeletonSha256, tensors: used };
}

/**
 * Fills a skeleton into a runnable ONNX model at `out`, streaming: each tensor is generated chunk by
 * chunk and written, so the filler's memory is the skeleton plus one chunk, never the model. Written
 * to a temporary name and renamed, so a present `out` is always complete.
 */
export async function fillSkeleton(skeletonFile: string, out: string): Promise<FillResult> {
  const bytes = await readFile(skeletonFile).catch((err: NodeJS.ErrnoException) => {
    throw new AppError(
      "INPUT",
      `skeleton ${skeletonFile} ${err.code === "ENOENT" ? "not found" : "not readable"}; pass the file \`skeleton strip\` wrote`,
    );
  });
  const { pieces, skeletonSha256, tensors } = plan(bytes, skeletonFile);
  const tmp = `${out}.${process.pid}.${Date.now()}.part`;
  const hash = createHash("sha256");
  let written = 0;
  const handle = await open(tmp, "w");
  try {
    const write = async (b: Uint8Array) => {
      hash.update(b);
      written += b.byteLength;
      await handle.write(b);
    };
    for (const p of pieces) {
      if (p instanceof Uint8Array) {
        await write(p);
        continue;
      }
      await write(p.header);
      for (const chunk of generateTensor(p.stats, p.seed)) await write(chunk);
    }
    await handle.close();
    await rename(tmp, out);
  } catch (err) {
    await handle.close().catch(() => {});
    await rm(tmp, { force: true });
    throw err;
  }
  return { sha256: hash.digest("hex"), bytes: written, skeletonSha256, tensors };
}
