export { generatePhantomCase, type PhantomCase, type PhantomCaseOptions } from "./case.ts";
export { type DatasetFile, type WritePhantomOptions, writePhantomDataset } from "./dataset.ts";
export { LABEL_COUNT, PHANTOM_LABELS } from "./labels.ts";
export { PHANTOM_SITES, type PhantomSite, type ScannerModel, SITE_B_GRID, SITE_B_SCANNER } from "./site.ts";
export {
  type CaseSpec,
  caseSpec,
  DEFAULT_CASES,
  PHANTOM_GENERATOR_ID,
  PHANTOM_SEEDS,
  PHANTOM_VERSION,
  type PhantomSplit,
  SITE_B_DEFAULT_CASES,
  SITE_B_SEEDS,
  splitSeed,
} from "./splits.ts";
