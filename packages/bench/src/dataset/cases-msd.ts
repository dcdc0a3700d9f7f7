import { basename, join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { insideDir, isFile, stripEnding } from "./files.ts";
import type { MsdDatasetJson } from "./schema.ts";
import type { DatasetCase, DatasetSplit } from "./types.ts";

type Entry = { image: string; label?: string | undefined };

function entries(json: MsdDatasetJson, split: DatasetSplit): Entry[] {
  if (split === "train") return json.training;
  return json.test.map((t) => (typeof t === "string" ? { image: t } : t));
}

/** "test" only when the MSD test list exists and carries labels (the MSD release withholds them). */
export function msdDefaultSplit(json: MsdDatasetJson): DatasetSplit {
  const test = entries(json, "test");
  return test.length > 0 && test.every((t) => t.label) ? "test" : "train";
}

/** Cases listed in an MSD dataset.json, each checked on disk. */
export async function msdCases(
  dir: string,
  json: MsdDatasetJson,
  split: DatasetSplit,
): Promise<DatasetCase[]> {
  const jsonPath = join(dir, "dataset.json");
  const list = entries(json, split);
  const cases: DatasetCase[] = [];
  for (const entry of list) {
    const imagePath = insideDir(dir, entry.image, jsonPath);
    // The label file names the case (MSD "liver_3.nii.gz"); images may carry nnU-Net's "_0000" channel suffix.
    const id = stripEnding(basename(entry.label ?? entry.image)).replace(/_0000$/, "");
    if (!entry.label) {
      throw new AppError(
        "INPUT",
        `${jsonPath}: ${split} case ${id} has no label (the MSD withholds test labels) — use the "train" split`,
      );
    }
    const labelPath = insideDir(dir, entry.label, jsonPath);
    for (const [what, path] of [
      ["image", imagePath],
      ["label", labelPath],
    ] as const) {
      if (!(await isFile(path))) {
        throw new AppError("INPUT", `${path}: ${what} file of case ${id} (listed in ${jsonPath}) not found`);
      }
    }
    cases.push({ id, imagePath, labelPath });
  }
  return cases;
}
