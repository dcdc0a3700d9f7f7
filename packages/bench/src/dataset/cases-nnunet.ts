import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { isDirectory, listFiles, stripEnding } from "./files.ts";
import type { NnunetDatasetJson } from "./schema.ts";
import type { DatasetCase, DatasetSplit } from "./types.ts";

const FOLDERS = {
  train: { images: "imagesTr", labels: "labelsTr" },
  test: { images: "imagesTs", labels: "labelsTs" },
} as const;

/** "test" when labelsTs/ exists, else "train". */
export async function nnunetDefaultSplit(dir: string): Promise<DatasetSplit> {
  return (await isDirectory(join(dir, FOLDERS.test.labels))) ? "test" : "train";
}

/**
 * nnU-Net v2 cases from file names: images/{case}_0000{ending} pairs with labels/{case}{ending}
 * (nnU-Net v2 dataset format). Any image without a label, or label without an image, is an error.
 */
export async function nnunetCases(
  dir: string,
  json: NnunetDatasetJson,
  split: DatasetSplit,
): Promise<DatasetCase[]> {
  const ending = json.file_ending;
  const folders = FOLDERS[split];
  const imagesDir = join(dir, folders.images);
  const labelsDir = join(dir, folders.labels);
  const images = (await listFiles(imagesDir, folders.images)).filter((n) => n.endsWith(ending));
  const labels = new Set((await listFiles(labelsDir, folders.labels)).filter((n) => n.endsWith(ending)));
  const cases: DatasetCase[] = [];
  for (const name of images) {
    const match = /^(.+)_(\d{4})$/.exec(stripEnding(name, [ending]));
    if (match?.[2] !== "0000") {
      throw new AppError(
        "INPUT",
        `${join(imagesDir, name)}: expected {case}_0000${ending} (nnU-Net v2 naming, one channel per case)`,
      );
    }
    const id = match[1]!;
    const labelName = id + ending;
    if (!labels.delete(labelName)) {
      throw new AppError(
        "INPUT",
        `${join(imagesDir, name)}: label file missing, expected ${join(labelsDir, labelName)}`,
      );
    }
    cases.push({ id, imagePath: join(imagesDir, name), labelPath: join(labelsDir, labelName) });
  }
  const orphan = [...labels][0];
  if (orphan) {
    const id = stripEnding(orphan, [ending]);
    throw new AppError(
      "INPUT",
      `${join(labelsDir, orphan)}: image file missing, expected ${join(imagesDir, `${id}_0000${ending}`)}`,
    );
  }
  if (split === "train" && json.numTraining !== undefined && json.numTraining !== cases.length) {
    throw new AppError(
      "INPUT",
      `${join(dir, "dataset.json")}: numTraining is ${json.numTraining} but ${imagesDir} has ${cases.length} cases — ` +
        "a case's files are missing or numTraining is wrong",
    );
  }
  return cases;
}
