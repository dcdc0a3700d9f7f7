import { AppError } from "@edgeseg/protocol";
import { GRAPH, MODEL, SKELETON_KEY } from "./onnx.ts";
import { type SkeletonMeta, skeletonMetaSchema } from "./schema.ts";
import { body, readFields, readStringEntry, type WireField } from "./wire.ts";

/** A ModelProto split into its top-level fields, its graph's fields and its skeleton statistics. */
export interface ParsedModel {
  bytes: Uint8Array;
  fields: WireField[];
  graph: WireField;
  graphFields: WireField[];
  /** The skeleton's statistics JSON when the model is a skeleton, else null. */
  skeletonJson: string | null;
}

const notOnnx = (file: string, why: string) =>
  new AppError(
    "INPUT",
    `${file} is not an ONNX model (${why}); pass the .onnx file exported from the framework`,
  );

export function parseModel(bytes: Uint8Array, file: string): ParsedModel {
  let fields: WireField[];
  try {
    fields = readFields(bytes, file);
  } catch (err) {
    throw notOnnx(file, (err as Error).message.replace(/^.* is not a valid protobuf message /, ""));
  }
  // ModelProto: ir_version (1) is a varint and graph (7) a message; anything else is another format.
  const ir = fields.find((f) => f.no === MODEL.irVersion);
  const graphs = fields.filter((f) => f.no === MODEL.graph);
  const graph = graphs[0];
  if (ir?.wire !== 0 || !graph || graphs.length !== 1 || graph.wire !== 2)
    throw notOnnx(file, "no ir_version and graph");
  let graphFields: WireField[];
  try {
    graphFields = readFields(body(bytes, graph), `the graph of ${file}`);
  } catch (err) {
    throw notOnnx(file, (err as Error).message);
  }
  let skeletonJson: string | null = null;
  for (const f of fields) {
    if (f.no !== MODEL.metadataProps || f.wire !== 2) continue;
    const entry = readStringEntry(body(bytes, f), `metadata_props of ${file}`);
    if (entry.key === SKELETON_KEY) skeletonJson = entry.value;
  }
  return { bytes, fields, graph, graphFields, skeletonJson };
}

export const initializers = (m: ParsedModel): WireField[] =>
  m.graphFields.filter((f) => f.no === GRAPH.initializer && f.wire === 2);

/** The skeleton's statistics, validated; a model without them is refused in one line. */
export function skeletonMeta(m: ParsedModel, file: string): SkeletonMeta {
  if (m.skeletonJson === null) {
    throw new AppError(
      "INPUT",
      `${file} is an ONNX model but not an edgeseg skeleton (no ${SKELETON_KEY} statistics in its metadata_props); make one with \`edgeseg-agent skeleton strip <model.onnx> --out <file>\``,
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(m.skeletonJson);
  } catch {
    throw new AppError(
      "INPUT",
      `${file}: its ${SKELETON_KEY} statistics are not JSON; strip the original model again`,
    );
  }
  const parsed = skeletonMetaSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new AppError(
      "INPUT",
      `${file}: its ${SKELETON_KEY} statistics are invalid (${issue?.path.join(".") || "root"}: ${issue?.message}); strip the original model again`,
    );
  }
  return parsed.data;
}
