import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeNifti } from "@edgeseg/bench";

const NX = 64;
const NY = 64;
const NZ = 4;

export interface CanaryDataset {
  caseIds: string[];
  /** Each case's image voxels, as written. */
  images: Int16Array[];
  /** The byte sequence the first row of every image spells (int16 little-endian). */
  canary: Buffer;
}

/**
 * An nnU-Net layout dataset whose voxels and names carry `marker`: case ids `<marker>_00N`, the
 * dataset.json name, and in every image a first row whose int16 voxels spell
 * `EDGESEG-CANARY-<marker>`. The rest is seeded noise around the threshold model's two organs, so every
 * run of voxels is distinctive. Readable by the fixed-weight threshold-seg model.
 */
export async function writeCanaryDataset(dir: string, marker: string, cases = 2): Promise<CanaryDataset> {
  let seed = 0x9e3779b9;
  const noise = () => {
    seed = (Math.imul(seed ^ (seed >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0;
    return (seed % 121) - 60;
  };
  let canary = Buffer.from(`EDGESEG-CANARY-${marker}`, "latin1");
  if (canary.length % 2) canary = Buffer.concat([canary, Buffer.from("!")]);
  const canaryVoxels = new Int16Array(
    canary.buffer.slice(canary.byteOffset, canary.byteOffset + canary.length),
  );
  await mkdir(join(dir, "imagesTr"), { recursive: true });
  await mkdir(join(dir, "labelsTr"), { recursive: true });
  const caseIds: string[] = [];
  const images: Int16Array[] = [];
  for (let n = 1; n <= cases; n++) {
    const image = new Int16Array(NX * NY * NZ);
    const label = new Uint8Array(NX * NY * NZ);
    for (let k = 0; k < NZ; k++) {
      for (let j = 0; j < NY; j++) {
        for (let i = 0; i < NX; i++) {
          const at = i + NX * (j + NY * k);
          const liver = i >= 8 && i < 24 && j >= 10 && j < 40;
          const spleen = i >= 36 && i < 56 && j >= 20 && j < 30;
          image[at] = (liver ? 50 : spleen ? 220 : -500) + noise() / (liver ? 2 : 1);
          label[at] = liver ? 6 : spleen ? 1 : 0;
        }
      }
    }
    image.set(canaryVoxels.subarray(0, NX), 0);
    const caseId = `${marker.toLowerCase()}_${String(n).padStart(3, "0")}`;
    const common = { dims: [NX, NY, NZ] as const, spacing: [0.8, 0.8, 2.5] as const };
    await writeNifti(join(dir, "imagesTr", `${caseId}_0000.nii.gz`), {
      ...common,
      voxelType: "int16",
      data: image,
    });
    await writeNifti(join(dir, "labelsTr", `${caseId}.nii.gz`), {
      ...common,
      voxelType: "uint8",
      data: label,
    });
    caseIds.push(caseId);
    images.push(image);
  }
  const datasetJson = {
    name: `Clinic scans ${marker}`,
    channel_names: { "0": "CT" },
    labels: { background: 0, spleen: 1, liver: 6 },
    numTraining: cases,
    file_ending: ".nii.gz",
  };
  await writeFile(join(dir, "dataset.json"), JSON.stringify(datasetJson));
  return { caseIds, images, canary };
}
