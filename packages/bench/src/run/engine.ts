import type { InferenceQuery } from "@edgeseg/engine-core";
import type { NiftiVolume } from "../nifti/index.ts";

export interface SegmentOutcome {
  labels: Uint8Array;
  slices: number;
  /** preprocessMs, inferMs (session.run only), postprocessMs. */
  timing: { preprocessMs: number; inferMs: number; postprocessMs: number };
}

/**
 * One model, loaded, behind the shape the run needs: whole-case segmentation for accuracy and
 * per-case time, and prepared inference calls for the SingleStream and Offline scenarios.
 */
export interface Engine {
  readonly sessionCreateMs: number;
  readonly executionProvider: string;
  readonly requestedFallbacks: readonly string[];
  readonly maxBatch: number;
  /**
   * `ready`, for an image still being read (nifti/stream.ts): resolves once slices 0..n-1 hold their
   * voxels; a pipeline that can starts on the first slices before the file is complete.
   */
  segment(
    image: NiftiVolume,
    groundTruth: Uint8Array,
    onSlice?: (done: number, total: number) => void,
    ready?: (slices: number) => Promise<void>,
  ): Promise<SegmentOutcome>;
  /**
   * Up to `count` single-image queries on already-prepared inputs from this case (slices where the
   * ground truth has an organ): each call is inference and nothing else.
   */
  prepareQueries(image: NiftiVolume, groundTruth: Uint8Array, count: number): InferenceQuery[];
  /** One prepared batch of `batchSize` images for the Offline scenario, or null if batching is impossible. */
  prepareBatch(image: NiftiVolume, groundTruth: Uint8Array, batchSize: number): InferenceQuery | null;
  release(): Promise<void>;
  /**
   * Promptable models: the accuracy pass so far split into encoder and decoder (summed over every
   * segment call). Absent for other pipelines.
   */
  promptableTotals?(): PromptableTotals;
}

export interface PromptableTotals {
  slicesEncoded: number;
  boxesDecoded: number;
  encoderMs: number;
  decoderMs: number;
}

/** Slice indices whose ground truth has any foreground, spread evenly, at most `count`. */
export function informativeSlices(groundTruth: Uint8Array, dims: readonly number[], count: number): number[] {
  const [nx, ny, nz] = dims as [number, number, number];
  const plane = nx * ny;
  const withOrgans: number[] = [];
  for (let k = 0; k < nz; k++) {
    const slice = groundTruth.subarray(k * plane, (k + 1) * plane);
    if (slice.some((v) => v !== 0)) withOrgans.push(k);
  }
  const pool = withOrgans.length > 0 ? withOrgans : Array.from({ length: nz }, (_, k) => k);
  if (pool.length <= count) return pool;
  return Array.from({ length: count }, (_, n) => pool[Math.floor((n * pool.length) / count)]!);
}
