export { FILL_VERSION, filledPath, type RunnableGraph, runnableGraph } from "./cache.ts";
export { isSkeletonFile } from "./detect.ts";
export { type FillResult, fillSkeleton } from "./fill.ts";
export { type ParsedModel, parseModel, skeletonMeta } from "./model.ts";
export { FILLED_KEY, SKELETON_KEY } from "./onnx.ts";
export { type SkeletonMeta, skeletonMetaSchema, type TensorStats } from "./schema.ts";
export { type StripResult, stripModel, stripModelBytes } from "./strip.ts";
