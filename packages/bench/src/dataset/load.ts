import { basename, join, resolve } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { msdCases, msdDefaultSplit } from "./cases-msd.ts";
import { nnunetCases, nnunetDefaultSplit } from "./cases-nnunet.ts";
import { datasetSha256 } from "./hash.ts";
import { labelsFromJson } from "./labels-map.ts";
import { type ParsedDatasetJson, readDatasetJson } from "./read-json.ts";
import type { Dataset, DatasetCase, DatasetSplit, LoadDatasetOptions } from "./types.ts";

/** edgeseg benchmarks single-channel models: a multi-modal dataset is refused up front. */
function checkOneChannel(parsed: ParsedDatasetJson, jsonPath: string): void {
  const channels = parsed.format === "msd" ? parsed.json.modality : parsed.json.channel_names;
  const count = channels ? Object.keys(channels).length : 1;
  if (count > 1) {
    throw new AppError(
      "INPUT",
      `${jsonPath}: the dataset has ${count} channels (${Object.values(channels ?? {}).join(", ")}); ` +
        "edgeseg benchmarks single-channel models — make a dataset with one channel per case",
    );
  }
}

/**
 * Loads an MSD / nnU-Net v2 dataset directory. Without opts.split the test split is used when it has
 * labels (labelsTs/, or labelled MSD test entries), otherwise the training split.
 */
export async function loadDataset(dirArg: string, opts: LoadDatasetOptions = {}): Promise<Dataset> {
  const dir = resolve(dirArg);
  const jsonPath = join(dir, "dataset.json");
  const parsed = await readDatasetJson(dir);
  checkOneChannel(parsed, jsonPath);
  const labels = labelsFromJson(parsed, jsonPath);
  let split: DatasetSplit;
  let cases: DatasetCase[];
  if (parsed.format === "msd") {
    split = opts.split ?? msdDefaultSplit(parsed.json);
    cases = await msdCases(dir, parsed.json, split);
  } else {
    split = opts.split ?? (await nnunetDefaultSplit(dir));
    cases = await nnunetCases(dir, parsed.json, split);
  }
  if (cases.length === 0) throw new AppError("INPUT", `${dir}: the ${split} split has no cases`);
  const ids = new Set<string>();
  for (const c of cases) {
    if (ids.has(c.id)) throw new AppError("INPUT", `${jsonPath}: case ${c.id} is listed twice`);
    ids.add(c.id);
  }
  cases.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    id: parsed.json.name ?? basename(dir),
    dir,
    split,
    format: parsed.format,
    labels,
    cases,
    sha256: () => datasetSha256(dir, [jsonPath, ...cases.flatMap((c) => [c.imagePath, c.labelPath])]),
  };
}
