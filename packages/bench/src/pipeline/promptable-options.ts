import { AppError } from "@edgeseg/protocol";
import type { NiftiVolume } from "../nifti/types.ts";

export interface OrganPrompt {
  /** Label value in the ground truth; boxes come from it and the prediction is written with it. */
  datasetValue: number;
  /** The model's label for the organ, where it has one; box decoders are class-agnostic and ignore it. */
  modelLabel?: number;
}

export interface PromptableVolumeOptions {
  organs: readonly OrganPrompt[];
  /** Override the manifest's prompt.jitterPx / prompt.seed. */
  jitterPx?: number;
  seed?: number;
  onSlice?: (done: number, total: number) => void;
  /** For a volume still being read: resolves once slices 0..n-1 hold their voxels (nifti/stream.ts). */
  ready?: (slices: number) => Promise<void>;
}

export interface PromptableVolumeResult {
  /** Label volume in the input's stored order, dataset label values. */
  labels: Uint8Array;
  /** Wall time per stage; encoderMs and decoderMs are session.run alone. */
  timing: { preprocessMs: number; encoderMs: number; decoderMs: number; postprocessMs: number };
  counts: { slicesEncoded: number; boxesDecoded: number };
  slices: number;
}

export function checkPromptableInputs(
  volume: NiftiVolume,
  groundTruth: Uint8Array,
  organs: readonly OrganPrompt[],
): void {
  const [nx, ny, nz] = volume.dims;
  if (groundTruth.length !== nx * ny * nz) {
    throw new AppError(
      "INPUT",
      `ground truth has ${groundTruth.length} voxels, the image ${nx}x${ny}x${nz}; they must match`,
    );
  }
  const values = organs.map((o) => o.datasetValue);
  if (
    values.some((v) => !Number.isInteger(v) || v < 1 || v > 255) ||
    new Set(values).size !== values.length
  ) {
    throw new AppError("INPUT", `organ label values [${values}] must be distinct integers in 1..255`);
  }
}
