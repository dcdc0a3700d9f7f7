import { sliceToFloat32 } from "../nifti/slice.ts";
import type { NiftiVolume } from "../nifti/types.ts";
import { needsVolumeStats } from "./intensity.ts";
import { labelLookup } from "./postprocess.ts";
import type { Semantic2d } from "./semantic2d.ts";
import { volumeStats } from "./volume-stats.ts";

export interface SegmentVolumeOptions {
  /** Model label value → dataset label value; model labels it does not name become 0. */
  labelMap: ReadonlyMap<number, number>;
  /** Slices per run, capped by the pipeline's maxBatch (default 1). */
  batchSize?: number;
  /** Called after each run with the slices done so far (progress reporting). */
  onSlice?: (done: number, total: number) => void;
}

export interface SemanticVolumeResult {
  /** Label volume in the input's stored order (i + nx * (j + ny * k)), dataset label values. */
  labels: Uint8Array;
  /** Wall time per stage summed over the volume; inferMs is session.run alone. */
  timing: { preprocessMs: number; inferMs: number; postprocessMs: number };
  slices: number;
}

/**
 * Memory stays at one label volume (1 byte per voxel) plus one float32 slice, one input batch and one
 * output batch: a 512 x 512 x 300 CT costs ~79 MB of labels, never a float32 copy of the volume.
 */
export async function segmentSemanticVolume(
  pipeline: Semantic2d,
  volume: NiftiVolume,
  options: SegmentVolumeOptions,
): Promise<SemanticVolumeResult> {
  const [nx, ny, nz] = volume.dims;
  const plane = nx * ny;
  const lut = labelLookup(options.labelMap);
  const batch = Math.max(1, Math.min(options.batchSize ?? 1, pipeline.maxBatch));
  const labels = new Uint8Array(plane * nz);
  const timing = { preprocessMs: 0, inferMs: 0, postprocessMs: 0 };

  let t = performance.now();
  const stats = needsVolumeStats(pipeline.manifest.preprocessing) ? volumeStats(volume) : undefined;
  const slices = Array.from({ length: batch }, () => new Float32Array(plane));
  const buffer = pipeline.inputBuffer(batch);
  timing.preprocessMs += performance.now() - t;

  for (let k0 = 0; k0 < nz; k0 += batch) {
    const count = Math.min(batch, nz - k0);
    t = performance.now();
    for (let b = 0; b < count; b++) sliceToFloat32(volume, k0 + b, slices[b]);
    const batchSlices = count === batch ? slices : slices.slice(0, count);
    const prepared = pipeline.prepare(batchSlices, nx, ny, stats ? { stats, buffer } : { buffer });
    const t1 = performance.now();
    const output = await pipeline.infer(prepared);
    const t2 = performance.now();
    for (let b = 0; b < count; b++) pipeline.toLabels(output, b, nx, ny, lut, labels, (k0 + b) * plane);
    const t3 = performance.now();
    timing.preprocessMs += t1 - t;
    timing.inferMs += t2 - t1;
    timing.postprocessMs += t3 - t2;
    options.onSlice?.(k0 + count, nz);
  }
  return { labels, timing, slices: nz };
}
