export { canonicalOrgan } from "./canonical.ts";
export { contentSha256, datasetSha256 } from "./hash.ts";
export { loadDataset } from "./load.ts";
export {
  buildLabelMapping,
  datasetToModel,
  type LabelMapping,
  modelToDataset,
  type OrganPair,
} from "./mapping.ts";
export { remapLabels } from "./remap.ts";
export type { Dataset, DatasetCase, DatasetSplit, LoadDatasetOptions } from "./types.ts";
