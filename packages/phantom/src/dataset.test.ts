import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../bench/src/dataset/load.ts";
import { readNifti } from "../../bench/src/nifti/read.ts";
import { type DatasetFile, writePhantomDataset } from "./dataset.ts";
import { PHANTOM_LABELS } from "./labels.ts";
import { organStats } from "./organ-stats.ts";

/**
 * Content sha256 (decompressed) of every file of the standard test split. A change here changes the
 * dataset every published result was measured on: bump PHANTOM_VERSION and the suite, never just
 * these lines.
 */
const PINNED: Record<string, string> = {
  "dataset.json": "85e26f2bbfa2c71434fcfab47b482940aebb7e45378011a15d335db2014ce069",
  "imagesTs/phantom_100_0000.nii.gz": "b48cdceba0f24dab5a187760a79641fcdee26c4d2ff48c49c30af1b6f7fb33de",
  "imagesTs/phantom_101_0000.nii.gz": "5f82d514272b00cdde2948679c55b66a438ad1924cf6a52f7f90bddf7f7bb047",
  "imagesTs/phantom_102_0000.nii.gz": "678693bd94210e811bc391b95ad9871592f2d0ae131c8e6112a5f3068d5ff790",
  "imagesTs/phantom_103_0000.nii.gz": "b5e325f971c4f34283b855fdd8a34747595726efd74665ec3606f3d29fbcb5f9",
  "labelsTs/phantom_100.nii.gz": "c5a6e527c813f05ec6aaa68e5f928caf98c5a77406ce3afabad5140477423650",
  "labelsTs/phantom_101.nii.gz": "a8d1fa75edc85a390180185089c352b372afa34cb84402e8a2445ca093a19ec2",
  "labelsTs/phantom_102.nii.gz": "74d0e0165fc119898378bd0c246acd1826ba28e4904d75809d1416ad86eea794",
  "labelsTs/phantom_103.nii.gz": "6829fd3c6870f3b0b7f6f60f985705f661ae4ff5480c34fc34c577b526781511",
};
const PINNED_DATASET = "ebc9b1e0c7edddc512afadeb131d8df72ac97143589bc151be601b271761bf22";

/** Interior mean HU bands (portal-venous phase) per label; the stomach is checked apart (gas). */
const BANDS: Record<number, [number, number]> = {
  1: [95, 118],
  2: [105, 135],
  3: [130, 165],
  4: [130, 165],
  5: [155, 185],
  6: [125, 155],
  8: [85, 102],
};

let dir: string;
let written: { files: DatasetFile[]; sha256: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-phantom-"));
  written = await writePhantomDataset(dir, { split: "test" });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("writePhantomDataset (test split)", () => {
  it("writes exactly the pinned files, byte for byte in content", () => {
    expect(Object.fromEntries(written.files.map((f) => [f.path, f.sha256]))).toEqual(PINNED);
    expect(written.sha256).toBe(PINNED_DATASET);
  });

  it("is read by the engine's dataset loader, test split with labels, same dataset hash", async () => {
    const dataset = await loadDataset(dir);
    expect(dataset.split).toBe("test");
    expect(dataset.cases.map((c) => c.imagePath.slice(dir.length + 1))).toEqual(
      Object.keys(PINNED).filter((p) => p.startsWith("imagesTs/")),
    );
    expect(await dataset.sha256()).toBe(PINNED_DATASET);
  });

  it("writes an MSD dataset.json with the canonical label names", async () => {
    const json = JSON.parse(await readFile(join(dir, "dataset.json"), "utf8"));
    expect(json.labels).toEqual({ "0": "background", ...PHANTOM_LABELS });
    expect(json.numTest).toBe(4);
    expect(json.modality).toEqual({ "0": "CT" });
  });

  it("records spacing, dims and L-P-S orientation in the NIfTI headers", async () => {
    const small = await readNifti(join(dir, "imagesTs/phantom_100_0000.nii.gz"));
    expect(small.dims).toEqual([256, 256, 40]);
    expect(small.spacing.map((s) => Number(s.toFixed(4)))).toEqual([1.6, 1.6, 2.5]);
    expect(small.axcodes).toEqual(["L", "P", "S"]);
    expect(small.voxelType).toBe("int16");
    const big = await readNifti(join(dir, "labelsTs/phantom_103.nii.gz"));
    expect(big.dims).toEqual([512, 512, 32]);
    expect(big.spacing.map((s) => Number(s.toFixed(4)))).toEqual([0.8, 0.8, 2.5]);
    expect(big.voxelType).toBe("uint8");
  });

  it("has every organ in every case, each tissue in its portal-venous HU band", async () => {
    for (const id of ["phantom_100", "phantom_101", "phantom_102", "phantom_103"]) {
      const image = await readNifti(join(dir, `imagesTs/${id}_0000.nii.gz`));
      const label = await readNifti(join(dir, `labelsTs/${id}.nii.gz`));
      const stats = organStats(image.data, label.data, image.dims);
      for (let l = 1; l <= 8; l++) expect(stats.count[l], `${id} label ${l} voxels`).toBeGreaterThan(2000);
      for (const [l, [lo, hi]] of Object.entries(BANDS)) {
        const mean = stats.interiorMean[Number(l)]!;
        expect(mean, `${id} ${PHANTOM_LABELS[Number(l) as 1]} mean HU`).toBeGreaterThanOrEqual(lo);
        expect(mean, `${id} ${PHANTOM_LABELS[Number(l) as 1]} mean HU`).toBeLessThanOrEqual(hi);
      }
      const liverSpleen = stats.interiorMean[2]! - stats.interiorMean[1]!;
      expect(liverSpleen, `${id} spleen − liver`).toBeGreaterThanOrEqual(10);
      expect(liverSpleen, `${id} spleen − liver`).toBeLessThanOrEqual(20);
    }
  });
});
