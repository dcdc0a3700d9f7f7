import type { Semantic3dPatchManifest, Session, TensorData } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { NiftiVolume } from "../../nifti/types.ts";
import { checkGraphNames, floatOutput } from "../graph-io.ts";
import { labelLookup } from "../postprocess.ts";
import { volumeStats } from "../volume-stats.ts";
import { accumulatePatch, normaliseLogits } from "./accumulate.ts";
import { computeGaussian } from "./gaussian.ts";
import { intensityMap3d, needsVolumeStats3d } from "./intensity3d.ts";
import { flip3d, MIRROR_COMBINATIONS } from "./mirror.ts";
import { logitsToLabels, type PaddedGrid, resampleVolume } from "./resample3d.ts";
import { computeSteps, padBelow, resampledShape, tileOrigins } from "./steps.ts";

type Vec3 = [number, number, number];

export interface Patch3dTiming {
  preprocessMs: number;
  /** session.run alone, summed over every patch batch (with mirroring: every mirrored run). */
  inferMs: number;
  postprocessMs: number;
}

/** The volume on the model's grid, ready to be cut into tiles. */
export interface PreparedVolume {
  readonly grid: PaddedGrid;
  readonly origins: readonly Vec3[];
}

export interface SlidingWindowLogits {
  /** [K][padded z][padded y][padded x] float32, already divided by the summed weights. */
  readonly logits: Float32Array;
  readonly classes: number;
  readonly grid: PaddedGrid;
  readonly patches: number;
  readonly timing: Patch3dTiming;
  /** Bytes of the two accumulators (logits + weights) and the input grid: the pipeline's own peak. */
  readonly accumulatorBytes: number;
}

export interface Semantic3dResult {
  labels: Uint8Array;
  timing: Patch3dTiming;
  slices: number;
  patches: number;
  accumulatorBytes: number;
}

export interface Semantic3d {
  readonly manifest: Semantic3dPatchManifest;
  readonly maxBatch: number;
  readonly patchSize: Vec3;
  /** Intensity, resampling to the model's spacing and padding (nnU-Net's preprocessing, minus cropping). */
  prepareVolume(volume: NiftiVolume): PreparedVolume;
  /** Input feeds of the tiles at `origins` (at most maxBatch), written into `buffer` when given. */
  patchFeeds(
    prepared: PreparedVolume,
    origins: readonly Vec3[],
    buffer?: Float32Array,
  ): Record<string, TensorData>;
  inputBuffer(): Float32Array;
  /** The sliding window on the model's grid: Gaussian-weighted logits of every tile, normalised. */
  predictLogits(
    prepared: PreparedVolume,
    onPatch?: (done: number, total: number) => void,
  ): Promise<SlidingWindowLogits>;
  /** Whole case: preprocessing, sliding window, logits back to the original grid, argmax, label map. */
  segmentVolume(
    volume: NiftiVolume,
    options: {
      labelMap: ReadonlyMap<number, number>;
      onPatch?: (done: number, total: number) => void;
    },
  ): Promise<Semantic3dResult>;
}

/** Checks an image input [N, C, Z, Y, X] against the manifest; returns the fixed N or null. */
function checkPatchInput(manifest: Semantic3dPatchManifest, where: string): number | null {
  const input = manifest.graphs.model.inputs[0]!;
  const want = [manifest.preprocessing.channels, ...manifest.slidingWindow.patchSize];
  const [n, ...rest] = input.shape;
  const mismatch = rest.length !== 4 || rest.some((d, i) => typeof d === "number" && d !== want[i]);
  if (mismatch || input.elementType !== "float32") {
    throw new AppError(
      "INPUT",
      `${where}: input "${input.name}" is ${input.elementType} [${input.shape.join(", ")}] but channels and ` +
        `slidingWindow.patchSize make float32 [N, ${want.join(", ")}]; make them match the graph`,
    );
  }
  return typeof n === "number" ? n : null;
}

export function createSemantic3d(session: Session, manifest: Semantic3dPatchManifest): Semantic3d {
  const where = `model ${manifest.id}`;
  const graph = manifest.graphs.model;
  checkGraphNames(session, graph, where);
  const fixedBatch = checkPatchInput(manifest, where);
  const maxBatch = fixedBatch ?? manifest.maxBatch;
  const inputName = graph.inputs[0]!.name;
  const outputName = graph.outputs[0]!.name;
  const { patchSize, spacing, stepSize, mirroring } = manifest.slidingWindow;
  const patch = [...patchSize] as Vec3;
  const channels = manifest.preprocessing.channels;
  const voxels = patch[0] * patch[1] * patch[2];
  const itemSize = channels * voxels;
  const gaussian = computeGaussian(patch);

  const pipeline: Semantic3d = {
    manifest,
    maxBatch,
    patchSize: patch,
    prepareVolume(volume) {
      const [nx, ny, nz] = volume.dims;
      const [sx, sy, sz] = volume.spacing;
      const stats = needsVolumeStats3d(manifest.preprocessing) ? volumeStats(volume) : undefined;
      const map = intensityMap3d(manifest.preprocessing, stats);
      // nnU-Net's array order is [z, y, x] = the NIfTI's stored [k][j][i].
      const shape = resampledShape([nz, ny, nx], [sz, sy, sx], spacing) as Vec3;
      const padded = shape.map((s, d) => Math.max(s, patch[d]!)) as Vec3;
      const grid = resampleVolume(volume, map, shape, padded, padBelow(shape, patch) as Vec3);
      return { grid, origins: tileOrigins(computeSteps(padded, patch, stepSize)) };
    },
    inputBuffer: () => new Float32Array(maxBatch * itemSize),
    patchFeeds(prepared, origins, buffer) {
      if (origins.length < 1 || origins.length > maxBatch) {
        throw new RangeError(`${where}: ${origins.length} patches in one run; it takes 1..${maxBatch}`);
      }
      const runBatch = fixedBatch ?? origins.length;
      const data = (buffer ?? new Float32Array(runBatch * itemSize)).subarray(0, runBatch * itemSize);
      const { data: grid, padded } = prepared.grid;
      const [, ph, pw] = padded;
      for (const [b, [oz, oy, ox]] of origins.entries()) {
        const base = b * itemSize;
        for (let z = 0; z < patch[0]; z++)
          for (let y = 0; y < patch[1]; y++) {
            const from = ((oz + z) * ph + oy + y) * pw + ox;
            data.set(grid.subarray(from, from + patch[2]), base + (z * patch[1] + y) * patch[2]);
          }
        for (let c = 1; c < channels; c++) data.copyWithin(base + c * voxels, base, base + voxels);
      }
      return { [inputName]: { type: "float32", data, dims: [runBatch, channels, ...patch] } };
    },
    async predictLogits(prepared, onPatch) {
      const timing: Patch3dTiming = { preprocessMs: 0, inferMs: 0, postprocessMs: 0 };
      const { grid, origins } = prepared;
      const volumeSize = grid.padded[0] * grid.padded[1] * grid.padded[2];
      const weights = new Float32Array(volumeSize);
      let logits: Float32Array | null = null;
      let classes = 0;
      const buffers = [pipeline.inputBuffer(), pipeline.inputBuffer()] as const;
      const flipped = mirroring ? pipeline.inputBuffer() : null;

      const run = async (feeds: Record<string, TensorData>, count: number): Promise<Float32Array> => {
        const issued = performance.now();
        const out = floatOutput(await session.run(feeds), outputName, where);
        timing.inferMs += performance.now() - issued;
        const [n, k, ...rest] = out.dims;
        if (out.dims.length !== 5 || n! < count || rest.some((d, i) => d !== patch[i])) {
          throw new AppError(
            "RUNTIME",
            `${where}: output "${outputName}" has dims [${out.dims}]; edgeseg expects per-class logits [N, K, ${patch.join(", ")}]`,
          );
        }
        classes = k!;
        return out.data;
      };
      // _internal_maybe_mirror_and_predict: net(x) + sum over combinations of flip(net(flip(x))),
      // divided by the number of terms; float32 sums in nnU-Net's order.
      const predict = async (feeds: Record<string, TensorData>, count: number): Promise<Float32Array> => {
        const first = await run(feeds, count);
        if (!flipped) return first;
        const input = feeds[inputName]!;
        const sum = Float32Array.from(first.subarray(0, count * classes * voxels));
        const back = new Float32Array(sum.length);
        for (const axes of MIRROR_COMBINATIONS) {
          const data = flipped.subarray(0, input.data.length);
          flip3d(input.data as Float32Array, data, input.dims[0]! * channels, patch, axes);
          const out = await run({ [inputName]: { ...input, data } }, count);
          flip3d(out, back, count * classes, patch, axes);
          for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! + back[i]!;
        }
        const terms = MIRROR_COMBINATIONS.length + 1;
        for (let i = 0; i < sum.length; i++) sum[i] = sum[i]! / terms;
        return sum;
      };
      const accumulate = (batch: readonly Vec3[], prediction: Float32Array) => {
        const start = performance.now();
        logits ??= new Float32Array(classes * volumeSize);
        for (const [b, origin] of batch.entries()) {
          accumulatePatch(
            logits,
            weights,
            grid,
            origin,
            prediction,
            b * classes * voxels,
            classes,
            patch,
            gaussian,
          );
        }
        timing.postprocessMs += performance.now() - start;
      };
      const prepare = (b0: number, buffer: Float32Array) => {
        const start = performance.now();
        const batch = origins.slice(b0, b0 + maxBatch);
        const feeds = pipeline.patchFeeds(prepared, batch, buffer);
        timing.preprocessMs += performance.now() - start;
        return { b0, batch, feeds };
      };

      // As the 2D pipeline: batch n is issued, then batch n-1 accumulated and the tiles of batch n+1
      // cut. onnxruntime-node runs synchronously on the JavaScript thread (scheduled by setImmediate),
      // so with it these steps run before the inference starts, never beside it (semantic-volume.ts).
      let next: ReturnType<typeof prepare> | null = prepare(0, buffers[0]);
      let finished: { batch: readonly Vec3[]; prediction: Float32Array } | null = null;
      for (let n = 0; next; n++) {
        const current: ReturnType<typeof prepare> = next;
        const running = predict(current.feeds, current.batch.length);
        if (finished) accumulate(finished.batch, finished.prediction);
        const b1 = current.b0 + maxBatch;
        next = b1 < origins.length ? prepare(b1, buffers[(n + 1) % 2]!) : null;
        finished = { batch: current.batch, prediction: await running };
        onPatch?.(Math.min(b1, origins.length), origins.length);
      }
      if (finished) accumulate(finished.batch, finished.prediction);
      const start = performance.now();
      const out = logits as Float32Array | null;
      if (!out) throw new AppError("RUNTIME", `${where}: the volume produced no patches`);
      normaliseLogits(out, weights, classes);
      timing.postprocessMs += performance.now() - start;
      return {
        logits: out,
        classes,
        grid,
        patches: origins.length,
        timing,
        accumulatorBytes: out.byteLength + weights.byteLength + grid.data.byteLength,
      };
    },
    async segmentVolume(volume, options) {
      const t = performance.now();
      const prepared = pipeline.prepareVolume(volume);
      const prepareMs = performance.now() - t;
      const window = await pipeline.predictLogits(prepared, options.onPatch);
      const start = performance.now();
      const labels = new Uint8Array(volume.data.length);
      logitsToLabels(
        window.logits,
        window.classes,
        window.grid,
        volume.dims,
        labelLookup(options.labelMap),
        labels,
      );
      const timing = {
        ...window.timing,
        preprocessMs: window.timing.preprocessMs + prepareMs,
        postprocessMs: window.timing.postprocessMs + performance.now() - start,
      };
      return {
        labels,
        timing,
        slices: volume.dims[2],
        patches: window.patches,
        accumulatorBytes: window.accumulatorBytes,
      };
    },
  };
  return pipeline;
}
