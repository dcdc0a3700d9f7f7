import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDataset } from "../../bench/src/dataset/load.ts";
import { readNifti } from "../../bench/src/nifti/read.ts";
import { type DatasetFile, writePhantomDataset } from "./dataset.ts";
import { organStats } from "./organ-stats.ts";
import { caseSpec } from "./splits.ts";

/**
 * Content sha256 (decompressed) of site B's test split, the split fine-tuning is scored on
 * (docs/fine-tuning.md). A change here changes every fine-tuning result's "before" and "after": bump
 * PHANTOM_VERSION and the suite, never just these lines.
 */
const PINNED: Record<string, string> = {
  "dataset.json": "d6e411ce463006f7cab6292f012d1c9f26a82748b557e2f03007900e207af606",
  "imagesTs/phantom_b100_0000.nii.gz": "556cc5b6b70692859bb3c900a78aa55357728aa2cc9ad5d8707c5ba4dce830aa",
  "imagesTs/phantom_b101_0000.nii.gz": "496b7d5e9adfb20f8327b95e503c36e4483524faaa60c967c87fbd33c5181fa5",
  "labelsTs/phantom_b100.nii.gz": "4588d66ce2ad459049d212aea9e58a1eeb6e5f0d1b403dbc160a988669b44b60",
  "labelsTs/phantom_b101.nii.gz": "f77122085e3d1ce4487d060ea6727c0ffc24bd4d8ef314240279168b643fa5fa",
};
const PINNED_DATASET = "218b8617a83a1d99666930fb3551f918a4b74eea2a9561bd86ca75e575542e51";

let dir: string;
let written: { files: DatasetFile[]; sha256: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "edgeseg-phantom-b-"));
  written = await writePhantomDataset(dir, { split: "test", site: "b" });
}, 120_000);
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("site B (test split)", () => {
  it("writes exactly the pinned files, byte for byte in content", () => {
    expect(Object.fromEntries(written.files.map((f) => [f.path, f.sha256]))).toEqual(PINNED);
    expect(written.sha256).toBe(PINNED_DATASET);
  });

  it("is its own scanner: 0.7 x 0.7 x 3 mm, a new dataset name, seeds apart from site A", async () => {
    const image = await readNifti(join(dir, "imagesTs/phantom_b100_0000.nii.gz"));
    expect(image.dims).toEqual([512, 512, 24]);
    expect(image.spacing.map((s) => Number(s.toFixed(4)))).toEqual([0.7, 0.7, 3]);
    const json = JSON.parse(await readFile(join(dir, "dataset.json"), "utf8"));
    expect(json.name).toBe("phantom-abdomen-v1-site-b");
    expect(json.generator.site).toBe("b");
    const dataset = await loadDataset(dir);
    expect(dataset.split).toBe("test");
    expect(await dataset.sha256()).toBe(PINNED_DATASET);
    for (const split of ["train", "test"] as const)
      for (let n = 0; n < 4; n++) expect(caseSpec(split, n, "b").seed).not.toBe(caseSpec(split, n, "a").seed);
  });

  it("shifts HU by the scanner's gain and offset: liver ~220 HU instead of ~106, air still air", async () => {
    const image = await readNifti(join(dir, "imagesTs/phantom_b100_0000.nii.gz"));
    const label = await readNifti(join(dir, "labelsTs/phantom_b100.nii.gz"));
    const stats = organStats(image.data, label.data, image.dims);
    // Site A's liver interior is 95–118 HU; site B maps it through 1.25 x + 90.
    expect(stats.interiorMean[1]).toBeGreaterThanOrEqual(95 * 1.25 + 90);
    expect(stats.interiorMean[1]).toBeLessThanOrEqual(118 * 1.25 + 90);
    for (let l = 1; l <= 8; l++) expect(stats.count[l], `label ${l} voxels`).toBeGreaterThan(2000);
    expect(image.data[0]).toBe(-1024);
  });
});
