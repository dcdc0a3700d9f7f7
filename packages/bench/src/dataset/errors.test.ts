import { cp, mkdtemp, readFile, rename, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { loadDataset } from "./load.ts";

const DATASETS = join(import.meta.dirname, "../../fixtures/datasets");

/** A scratch copy of a fixture dataset, changed by `edit`. */
async function copyOf(name: "msd" | "nnunetv2", edit: (dir: string) => Promise<unknown>): Promise<string> {
  const dir = join(await mkdtemp(join(tmpdir(), "edgeseg-ds-")), name);
  await cp(join(DATASETS, name), dir, { recursive: true });
  await edit(dir);
  return dir;
}

async function editJson(dir: string, change: (json: Record<string, unknown>) => void): Promise<void> {
  const path = join(dir, "dataset.json");
  const json = JSON.parse(await readFile(path, "utf8"));
  change(json);
  await writeFile(path, JSON.stringify(json));
}

async function refusal(dir: string, split?: "train" | "test"): Promise<string> {
  const err = await loadDataset(dir, split ? { split } : {}).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AppError);
  expect((err as AppError).code).toBe("INPUT");
  return (err as AppError).message;
}

describe("loadDataset refuses broken datasets with the file and the problem", () => {
  it("missing dataset.json", async () => {
    const dir = await copyOf("msd", (d) => rm(join(d, "dataset.json")));
    expect(await refusal(dir)).toBe(
      `${join(dir, "dataset.json")}: not found — is this an MSD / nnU-Net dataset directory?`,
    );
  });

  it("dataset.json that is not JSON, or not either form", async () => {
    const broken = await copyOf("msd", (d) => writeFile(join(d, "dataset.json"), "{ nope"));
    expect(await refusal(broken)).toMatch(/dataset.json: not valid JSON/);
    const wrong = await copyOf("nnunetv2", (d) =>
      editJson(d, (j) => Object.assign(j, { labels: { liver: "one" } })),
    );
    expect(await refusal(wrong)).toMatch(/not a valid nnU-Net v2 dataset.json: labels.liver: /);
    const msd = await copyOf("msd", (d) => editJson(d, (j) => Object.assign(j, { labels: { liver: "1" } })));
    expect(await refusal(msd)).toMatch(/Decathlon dataset.json: labels: MSD labels map values to names/);
    const noTraining = await copyOf("msd", (d) => editJson(d, (j) => delete j.training));
    expect(await refusal(noTraining)).toMatch(/training: /);
  });

  it("MSD: a listed image or label file that is missing", async () => {
    const noImage = await copyOf("msd", (d) => rm(join(d, "imagesTr", "case_002.nii.gz")));
    expect(await refusal(noImage)).toBe(
      `${join(noImage, "imagesTr", "case_002.nii.gz")}: image file of case case_002 (listed in ${join(noImage, "dataset.json")}) not found`,
    );
    const noLabel = await copyOf("msd", (d) => rm(join(d, "labelsTr", "case_001.nii.gz")));
    expect(await refusal(noLabel)).toMatch(
      /labelsTr\/case_001.nii.gz: label file of case case_001 .* not found$/,
    );
  });

  it("MSD: a path that leaves the dataset directory", async () => {
    const dir = await copyOf("msd", (d) =>
      editJson(d, (j) => {
        (j.training as { image: string }[])[0]!.image = "../../etc/passwd";
      }),
    );
    expect(await refusal(dir)).toMatch(/path "..\/..\/etc\/passwd" points outside the dataset directory/);
  });

  it("nnU-Net v2: an image whose label is missing, and a label whose image is missing", async () => {
    const noLabel = await copyOf("nnunetv2", (d) => rm(join(d, "labelsTr", "case_002.nii.gz")));
    expect(await refusal(noLabel, "train")).toBe(
      `${join(noLabel, "imagesTr", "case_002_0000.nii.gz")}: label file missing, expected ${join(noLabel, "labelsTr", "case_002.nii.gz")}`,
    );
    const noImage = await copyOf("nnunetv2", (d) => rm(join(d, "imagesTs", "case_003_0000.nii.gz")));
    expect(await refusal(noImage)).toMatch(
      /labelsTs\/case_003.nii.gz: image file missing, expected .*imagesTs\/case_003_0000.nii.gz$/,
    );
  });

  it("nnU-Net v2: numTraining that disagrees with imagesTr, bad names, missing folders", async () => {
    const count = await copyOf("nnunetv2", (d) => editJson(d, (j) => Object.assign(j, { numTraining: 3 })));
    expect(await refusal(count, "train")).toMatch(/numTraining is 3 but .*imagesTr has 2 cases/);
    const named = await copyOf("nnunetv2", (d) =>
      rename(join(d, "imagesTr", "case_001_0000.nii.gz"), join(d, "imagesTr", "case_001.nii.gz")),
    );
    expect(await refusal(named, "train")).toMatch(
      /case_001.nii.gz: expected \{case\}_0000.nii.gz \(nnU-Net v2 naming/,
    );
    const noTs = await copyOf("nnunetv2", (d) => rm(join(d, "imagesTs"), { recursive: true }));
    expect(await refusal(noTs, "test")).toMatch(/imagesTs: imagesTs directory not found/);
  });

  it("multi-channel datasets and region labels", async () => {
    const channels = await copyOf("nnunetv2", (d) =>
      editJson(d, (j) => Object.assign(j, { channel_names: { "0": "T2", "1": "ADC" } })),
    );
    expect(await refusal(channels)).toMatch(
      /has 2 channels \(T2, ADC\); edgeseg benchmarks single-channel models/,
    );
    const regions = await copyOf("nnunetv2", (d) =>
      editJson(d, (j) => Object.assign(j, { labels: { background: 0, tumour: [1, 2] } })),
    );
    expect(await refusal(regions)).toMatch(/label "tumour" is a region \(\[1,2\]\)/);
    const dup = await copyOf("nnunetv2", (d) =>
      editJson(d, (j) => Object.assign(j, { labels: { background: 0, a: 1, b: 1 } })),
    );
    expect(await refusal(dup)).toMatch(/labels "a" and "b" both use value 1/);
  });
});
