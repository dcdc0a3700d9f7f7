import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { labelData } from "../nifti/labels.ts";
import { readNifti } from "../nifti/read.ts";
import { loadDataset } from "./load.ts";

export const DATASETS = join(import.meta.dirname, "../../fixtures/datasets");
const expectedSha: Record<string, string> = JSON.parse(
  readFileSync(join(DATASETS, "expected-sha256.json"), "utf8"),
);
const LABELS = new Map([
  [0, "background"],
  [1, "spleen"],
  [2, "left kidney"],
  [6, "liver"],
]);

describe("loadDataset, MSD dataset.json", () => {
  it("reads the training pairs; the default split is train because MSD test entries have no labels", async () => {
    const ds = await loadDataset(join(DATASETS, "msd"));
    expect(ds).toMatchObject({
      id: "TinyAbdomen",
      format: "msd",
      split: "train",
      dir: join(DATASETS, "msd"),
    });
    expect(ds.labels).toEqual(LABELS);
    expect(ds.cases).toEqual(
      [1, 2].map((i) => ({
        id: `case_00${i}`,
        imagePath: join(DATASETS, "msd", "imagesTr", `case_00${i}.nii.gz`),
        labelPath: join(DATASETS, "msd", "labelsTr", `case_00${i}.nii.gz`),
      })),
    );
    expect(await ds.sha256()).toBe(expectedSha["msd/train"]);
  });

  it("refuses the unlabelled MSD test split with what to do", async () => {
    await expect(loadDataset(join(DATASETS, "msd"), { split: "test" })).rejects.toThrow(
      /test case case_009 has no label \(the MSD withholds test labels\) — use the "train" split/,
    );
  });

  it("case files read as 8×8×3 volumes whose labels use the dataset's values", async () => {
    const ds = await loadDataset(join(DATASETS, "msd"));
    const label = await readNifti(ds.cases[0]!.labelPath);
    expect(label.dims).toEqual([8, 8, 3]);
    expect(new Set(labelData(label))).toEqual(new Set([0, 1, 2, 6]));
  });
});

describe("loadDataset, nnU-Net v2 dataset.json", () => {
  it("defaults to the test split when labelsTs/ exists", async () => {
    const ds = await loadDataset(join(DATASETS, "nnunetv2"));
    expect(ds).toMatchObject({ id: "nnunetv2", format: "nnunetv2", split: "test" });
    expect(ds.cases).toEqual([
      {
        id: "case_003",
        imagePath: join(DATASETS, "nnunetv2", "imagesTs", "case_003_0000.nii.gz"),
        labelPath: join(DATASETS, "nnunetv2", "labelsTs", "case_003.nii.gz"),
      },
    ]);
    expect(await ds.sha256()).toBe(expectedSha["nnunetv2/test"]);
  });

  it("reads the training split by name, labels as value → name", async () => {
    const ds = await loadDataset(join(DATASETS, "nnunetv2"), { split: "train" });
    expect(ds.cases.map((c) => c.id)).toEqual(["case_001", "case_002"]);
    expect(ds.labels).toEqual(
      new Map([...LABELS].map(([v, n]) => [v, n === "left kidney" ? "kidney_left" : n])),
    );
    expect(await ds.sha256()).toBe(expectedSha["nnunetv2/train"]);
  });
});
