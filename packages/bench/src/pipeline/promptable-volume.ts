import { sliceToFloat32 } from "../nifti/slice.ts";
import type { NiftiVolume } from "../nifti/types.ts";
import { needsVolumeStats } from "./intensity.ts";
import {
  checkPromptableInputs,
  type PromptableVolumeOptions,
  type PromptableVolumeResult,
} from "./promptable-options.ts";
import type { Promptable2d } from "./promptable2d.ts";
import { slicePrompts } from "./prompts.ts";
import { createResampler, type Resampler } from "./resample.ts";
import { volumeStats } from "./volume-stats.ts";

/**
 * Encoder once per slice that has at least one organ in the ground truth, decoder once per organ box.
 * Each box's mask logits are resized bilinearly to the native slice and thresholded there, as
 * LiteMedSAM's inference does (postprocess_masks: F.interpolate bilinear, align_corners=False, on logits,
 * then threshold): smoother edges than nearest on a low-resolution mask, and the resized logits still
 * order the organs. Where several organs' masks claim a pixel, the highest logit wins.
 */
export async function segmentPromptableVolume(
  pipeline: Promptable2d,
  volume: NiftiVolume,
  groundTruth: Uint8Array,
  options: PromptableVolumeOptions,
): Promise<PromptableVolumeResult> {
  checkPromptableInputs(volume, groundTruth, options.organs);
  const [nx, ny, nz] = volume.dims;
  const plane = nx * ny;
  const { prompt } = pipeline.manifest;
  const settings = { jitterPx: options.jitterPx ?? prompt.jitterPx, seed: options.seed ?? prompt.seed };
  const values = options.organs.map((o) => o.datasetValue);
  const labels = new Uint8Array(plane * nz);
  const timing = { preprocessMs: 0, encoderMs: 0, decoderMs: 0, postprocessMs: 0 };
  const counts = { slicesEncoded: 0, boxesDecoded: 0 };

  const perVolume = needsVolumeStats(pipeline.manifest.preprocessing);
  if (perVolume) await options.ready?.(nz);
  let t = performance.now();
  const stats = perVolume ? volumeStats(volume) : undefined;
  const slice = new Float32Array(plane);
  const buffer = pipeline.inputBuffer();
  const logits = new Float32Array(plane);
  const best = new Float32Array(plane);
  let back: Resampler | undefined;
  timing.preprocessMs += performance.now() - t;

  for (let k = 0; k < nz; k++) {
    t = performance.now();
    const boxes = slicePrompts(groundTruth, k, nx, ny, values, settings);
    if (boxes.every((b) => b === null)) {
      timing.preprocessMs += performance.now() - t;
      options.onSlice?.(k + 1, nz);
      continue;
    }
    if (options.ready) {
      // Boxes come from the ground truth, already in memory; only the image slice has to have landed.
      timing.preprocessMs += performance.now() - t;
      await options.ready(k + 1);
      t = performance.now();
    }
    const prepared = pipeline.prepare(
      sliceToFloat32(volume, k, slice),
      nx,
      ny,
      stats ? { stats, buffer } : { buffer },
    );
    let t1 = performance.now();
    timing.preprocessMs += t1 - t;
    const embeddings = await pipeline.encode(prepared);
    let t2 = performance.now();
    timing.encoderMs += t2 - t1;
    counts.slicesEncoded++;
    best.fill(-Infinity);
    for (let n = 0; n < boxes.length; n++) {
      const box = boxes[n];
      if (!box) continue;
      t = performance.now();
      const boxTensor = pipeline.boxTensor(box, nx, ny);
      t1 = performance.now();
      const mask = await pipeline.decode(embeddings, boxTensor);
      t2 = performance.now();
      if (back?.from[0] !== mask.width || back.from[1] !== mask.height) {
        back = createResampler(mask.width, mask.height, nx, ny);
      }
      back.bilinear(mask.data, 0, logits, 0);
      mergeMask(logits, best, labels, k * plane, values[n]!, prompt.maskThreshold);
      const t3 = performance.now();
      timing.preprocessMs += t1 - t;
      timing.decoderMs += t2 - t1;
      timing.postprocessMs += t3 - t2;
      counts.boxesDecoded++;
    }
    options.onSlice?.(k + 1, nz);
  }
  return { labels, timing, counts, slices: nz };
}

/** Foreground where logit > threshold; a pixel already claimed keeps the organ with the higher logit. */
function mergeMask(
  logits: Float32Array,
  best: Float32Array,
  labels: Uint8Array,
  offset: number,
  value: number,
  threshold: number,
): void {
  for (let p = 0; p < logits.length; p++) {
    const v = logits[p]!;
    if (v > threshold && v > best[p]!) {
      best[p] = v;
      labels[offset + p] = value;
    }
  }
}
