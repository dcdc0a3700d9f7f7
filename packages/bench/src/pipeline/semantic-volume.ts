import { sliceToFloat32 } from "../nifti/slice.ts";
import type { NiftiVolume } from "../nifti/types.ts";
import { needsVolumeStats } from "./intensity.ts";
import { labelLookup } from "./postprocess.ts";
import type { Semantic2d, SemanticOutput } from "./semantic2d.ts";
import { volumeStats } from "./volume-stats.ts";

export interface SegmentVolumeOptions {
  /** Model label value → dataset label value; model labels it does not name become 0. */
  labelMap: ReadonlyMap<number, number>;
  /** Slices per run, capped by the pipeline's maxBatch (default 1). */
  batchSize?: number;
  /** Called after each run with the slices done so far (progress reporting). */
  onSlice?: (done: number, total: number) => void;
  /**
   * For a volume still being read (nifti/stream.ts): resolves once slices 0..n-1 hold their voxels.
   * Each batch waits for its own slices only, so inference starts while the file is still inflating.
   */
  ready?: (slices: number) => Promise<void>;
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

  const ready = options.ready ?? (() => Promise.resolve());
  // Per-volume statistics need every voxel: such a model waits for the whole file.
  const perVolume = needsVolumeStats(pipeline.manifest.preprocessing);
  if (perVolume) await ready(nz);
  const t = performance.now();
  const stats = perVolume ? volumeStats(volume) : undefined;
  const slices = Array.from({ length: batch }, () => new Float32Array(plane));
  // Two input buffers: batch n+1 is prepared while ONNX Runtime still reads batch n's.
  const buffers = [pipeline.inputBuffer(batch), pipeline.inputBuffer(batch)] as const;
  timing.preprocessMs += performance.now() - t;

  type Prepared = { k0: number; count: number; prepared: ReturnType<Semantic2d["prepare"]> };
  const prepare = async (k0: number, buffer: Float32Array): Promise<Prepared> => {
    const count = Math.min(batch, nz - k0);
    await ready(k0 + count);
    const start = performance.now();
    for (let b = 0; b < count; b++) sliceToFloat32(volume, k0 + b, slices[b]);
    const batchSlices = count === batch ? slices : slices.slice(0, count);
    const prepared = pipeline.prepare(batchSlices, nx, ny, stats ? { stats, buffer } : { buffer });
    timing.preprocessMs += performance.now() - start;
    return { k0, count, prepared };
  };
  const postprocess = (done: { k0: number; count: number; output: SemanticOutput }) => {
    const start = performance.now();
    for (let b = 0; b < done.count; b++) {
      pipeline.toLabels(done.output, b, nx, ny, lut, labels, (done.k0 + b) * plane);
    }
    timing.postprocessMs += performance.now() - start;
  };

  // Batch n is issued before batch n-1 is postprocessed and batch n+1 prepared. onnxruntime-node's
  // run is synchronous on the JavaScript thread (its backend calls the binding inside setImmediate),
  // so those steps do not overlap its inference; what does overlap is reading the file: zlib inflates
  // the next chunk on libuv's thread pool while a run holds the JavaScript thread (nifti/stream.ts).
  // An asynchronous runtime (onnxruntime-web in a worker) would overlap the JavaScript work too.
  // inferMs is the time from issuing each run to its result being in hand.
  let next: Prepared | null = await prepare(0, buffers[0]);
  let finished: { k0: number; count: number; output: SemanticOutput } | null = null;
  for (let n = 0; next; n++) {
    const current: Prepared = next;
    const issued = performance.now();
    const running = pipeline.infer(current.prepared);
    if (finished) postprocess(finished);
    const k1: number = current.k0 + batch;
    // While batch n runs, batch n+1 is prepared — after waiting for its slices if the file is still
    // being read. A failed read rejects here, after batch n is awaited so no run is left in flight.
    const preparing = k1 < nz ? prepare(k1, buffers[(n + 1) % 2]!) : null;
    preparing?.catch(() => {});
    const output = await running;
    timing.inferMs += performance.now() - issued;
    next = preparing ? await preparing : null;
    finished = { ...current, output };
    options.onSlice?.(current.k0 + current.count, nz);
  }
  if (finished) postprocess(finished);
  return { labels, timing, slices: nz };
}
