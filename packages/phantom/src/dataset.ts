import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "@edgeseg/protocol";
import { contentSha256, datasetSha256 } from "../../bench/src/dataset/hash.ts";
import { writeNifti } from "../../bench/src/nifti/write.ts";
import { generatePhantomCase } from "./case.ts";
import { datasetJson } from "./dataset-json.ts";
import type { PhantomSite } from "./site.ts";
import {
  caseSpec,
  DEFAULT_CASES,
  PHANTOM_GENERATOR_ID,
  type PhantomSplit,
  SITE_B_DEFAULT_CASES,
} from "./splits.ts";

export interface WritePhantomOptions {
  readonly split: PhantomSplit;
  /** Scanner site; default "a", the standard phantom (site B: docs/fine-tuning.md). */
  readonly site?: PhantomSite;
  /** Number of cases; default DEFAULT_CASES[split]. Case n is the same whatever the count. */
  readonly cases?: number;
  /** Called after each case is written, e.g. for a progress bar. */
  readonly onCase?: (done: number, total: number) => void;
}

export interface DatasetFile {
  /** Path relative to the dataset root, "/"-separated. */
  readonly path: string;
  /** sha256 of the content (decompressed for .gz), as the engine's dataset hash uses it. */
  readonly sha256: string;
}

const FOLDERS = { train: ["imagesTr", "labelsTr"], test: ["imagesTs", "labelsTs"] } as const;

/**
 * Writes one split of phantom-abdomen-v1 under outDir in the nnU-Net / MSD layout and returns each
 * file's content hash and the dataset hash, defined once by the engine (datasetSha256 in
 * @edgeseg/bench's dataset/hash.ts) so a suite pins exactly what the engine verifies.
 */
export async function writePhantomDataset(
  outDir: string,
  opts: WritePhantomOptions,
): Promise<{ files: DatasetFile[]; sha256: string }> {
  const site = opts.site ?? "a";
  const total = opts.cases ?? (site === "b" ? SITE_B_DEFAULT_CASES : DEFAULT_CASES)[opts.split];
  if (!Number.isInteger(total) || total < 1 || total > 1000) {
    throw new AppError("USAGE", `phantom case count must be an integer from 1 to 1000, got ${total}`);
  }
  const [imagesDir, labelsDir] = FOLDERS[opts.split];
  await mkdir(join(outDir, imagesDir), { recursive: true });
  await mkdir(join(outDir, labelsDir), { recursive: true });
  const specs = Array.from({ length: total }, (_, n) => caseSpec(opts.split, n, site));
  const files: DatasetFile[] = [];
  const record = async (path: string) =>
    files.push({ path, sha256: await contentSha256(join(outDir, path)) });
  for (const [n, spec] of specs.entries()) {
    const c = generatePhantomCase(spec.seed, {
      dims: spec.dims,
      spacing: spec.spacing,
      ...(spec.scanner ? { scanner: spec.scanner } : {}),
    });
    const common = { dims: c.dims, spacing: c.spacing, affine: c.affine };
    const imagePath = `${imagesDir}/${spec.id}_0000.nii.gz`;
    const labelPath = `${labelsDir}/${spec.id}.nii.gz`;
    const description = `${PHANTOM_GENERATOR_ID} ${site === "b" ? "site b " : ""}${spec.id}`;
    await writeNifti(join(outDir, imagePath), { ...common, voxelType: "int16", data: c.image, description });
    await writeNifti(join(outDir, labelPath), { ...common, voxelType: "uint8", data: c.label, description });
    await record(imagePath);
    await record(labelPath);
    opts.onCase?.(n + 1, total);
  }
  await writeFile(
    join(outDir, "dataset.json"),
    `${JSON.stringify(datasetJson(opts.split, specs, site), null, 2)}\n`,
  );
  await record("dataset.json");
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return {
    files,
    sha256: await datasetSha256(
      outDir,
      files.map((f) => join(outDir, f.path)),
    ),
  };
}
