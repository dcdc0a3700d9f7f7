import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { writeNifti } from "@edgeseg/bench";

export const NX = 64;
export const NY = 64;
export const NZ = 4;
export const SPACING = [0.8, 0.8, 2.5] as const;

/**
 * A dataset the fixed-weight threshold-seg model scores predictably: with its CT window (level 40,
 * width 400) it calls 0 < HU <= 100 liver (1) and HU > 100 spleen (2). The image is drawn at the
 * model's own 64×64 size so resizing is the identity. The ground truth uses liver = 6 and spleen = 1,
 * as another dataset might, and labels one extra row of spleen over air that the model cannot see.
 */
export async function writeThresholdDataset(dir: string): Promise<{ liverDice: number; spleenDice: number }> {
  const image = new Int16Array(NX * NY * NZ).fill(-500);
  const label = new Uint8Array(NX * NY * NZ);
  let spleen = 0;
  let spleenMissed = 0;
  for (let k = 0; k < NZ; k++) {
    for (let j = 0; j < NY; j++) {
      for (let i = 0; i < NX; i++) {
        const at = i + NX * (j + NY * k);
        if (i >= 8 && i < 24 && j >= 10 && j < 40) {
          image[at] = 50;
          label[at] = 6;
        } else if (i >= 36 && i < 56 && j >= 20 && j < 30) {
          image[at] = 200;
          label[at] = 1;
          spleen++;
        } else if (i >= 36 && i < 56 && j === 30) {
          label[at] = 1;
          spleenMissed++;
        }
      }
    }
  }
  await mkdir(join(dir, "imagesTr"), { recursive: true });
  await mkdir(join(dir, "labelsTr"), { recursive: true });
  const common = { dims: [NX, NY, NZ] as const, spacing: SPACING };
  await writeNifti(join(dir, "imagesTr", "tiny_001_0000.nii.gz"), {
    ...common,
    voxelType: "int16",
    data: image,
  });
  await writeNifti(join(dir, "labelsTr", "tiny_001.nii.gz"), { ...common, voxelType: "uint8", data: label });
  const datasetJson = {
    name: "TinyThreshold",
    channel_names: { "0": "CT" },
    labels: { background: 0, spleen: 1, liver: 6 },
    numTraining: 1,
    file_ending: ".nii.gz",
  };
  await writeFile(join(dir, "dataset.json"), JSON.stringify(datasetJson));
  // Prediction of spleen = the bright block; ground truth = block + one missed row.
  return { liverDice: 1, spleenDice: (2 * spleen) / (spleen + spleen + spleenMissed) };
}
