export { generatePhantomCase, type PhantomCase, type PhantomCaseOptions } from "./case.ts";
export { type DatasetFile, type WritePhantomOptions, writePhantomDataset } from "./dataset.ts";
export { LABEL_COUNT, PHANTOM_LABELS } from "./labels.ts";
export {
  type CaseSpec,
  caseSpec,
  DEFAULT_CASES,
  PHANTOM_GENERATOR_ID,
  PHANTOM_SEEDS,
  PHANTOM_VERSION,
  type PhantomSplit,
} from "./splits.ts";
