/**
 * The few field numbers of onnx.proto (onnx/onnx, onnx/onnx.proto, IR version 10) the skeleton code
 * reads; every other field is copied as it is.
 */
export const MODEL = { irVersion: 1, graph: 7, metadataProps: 14 } as const;
export const GRAPH = { initializer: 5 } as const;
export const TENSOR = {
  dims: 1,
  dataType: 2,
  segment: 3,
  floatData: 4,
  int32Data: 5,
  stringData: 6,
  int64Data: 7,
  name: 8,
  rawData: 9,
  doubleData: 10,
  uint64Data: 11,
  externalData: 13,
  dataLocation: 14,
} as const;

/** Fields that hold (or point to) a tensor's values. */
export const DATA_FIELDS: ReadonlySet<number> = new Set([
  TENSOR.floatData,
  TENSOR.int32Data,
  TENSOR.stringData,
  TENSOR.int64Data,
  TENSOR.rawData,
  TENSOR.doubleData,
  TENSOR.uint64Data,
  TENSOR.externalData,
  TENSOR.dataLocation,
]);

/** TensorProto.DataType values whose tensors a skeleton strips: learned weights (float, quantised int8). */
export const DTYPE = { float: 1, uint8: 2, int8: 3, float16: 10, double: 11, bfloat16: 16 } as const;
export type StrippedDtype = (typeof DTYPE)[keyof typeof DTYPE];

export const BYTES_PER_ELEMENT: Record<StrippedDtype, number> = {
  1: 4,
  2: 1,
  3: 1,
  10: 2,
  11: 8,
  16: 2,
};

export const isStrippedDtype = (t: number): t is StrippedDtype => t in BYTES_PER_ELEMENT;

/** The metadata_props key under which a skeleton keeps its statistics (JSON, see schema.ts). */
export const SKELETON_KEY = "edgeseg.skeleton";
/** The metadata_props key of a filled model: the sha256 of the skeleton it was filled from. */
export const FILLED_KEY = "edgeseg.filled-from-skeleton";
