import type { Semantic2dManifest, Session, TensorData } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { NiftiVolume } from "../nifti/types.ts";
import { checkGraphNames, checkImageInput, floatOutput } from "./graph-io.ts";
import { type IntensityStats, intensityMap } from "./intensity.ts";
import { argmaxClasses } from "./postprocess.ts";
import { createSlicePreprocessor } from "./preprocess.ts";
import { createResampler, type Resampler } from "./resample.ts";
import {
  type SegmentVolumeOptions,
  type SemanticVolumeResult,
  segmentSemanticVolume,
} from "./semantic-volume.ts";

/** Model input for one run: `feeds` go to session.run (or session.prepare for a latency timer). */
export interface PreparedInput {
  readonly feeds: Record<string, TensorData>;
  /** Slices in this run; a graph with a fixed batch may carry unused items after them. */
  readonly count: number;
}

/** Per-class logits [N][K][h][w] of one run. */
export interface SemanticOutput {
  readonly logits: Float32Array;
  readonly count: number;
  readonly classes: number;
  readonly height: number;
  readonly width: number;
}

export interface Semantic2d {
  readonly manifest: Semantic2dManifest;
  /** Slices per run: the graph's fixed batch, else the manifest's maxBatch. */
  readonly maxBatch: number;
  /**
   * Preprocesses up to maxBatch native slices (row-major [ny][nx], real values, e.g. from sliceToFloat32)
   * into one input. Pass `buffer` (at least maxBatch * C * H * W) to reuse memory across calls; `stats`
   * is needed only by per-volume z-score models (volumeStats).
   */
  /** Reusable input memory for runs of up to `batch` slices (prepare's `buffer`). */
  inputBuffer(batch: number): Float32Array;
  prepare(
    slices: Float32Array | readonly Float32Array[],
    nx: number,
    ny: number,
    options?: { stats?: IntensityStats; buffer?: Float32Array },
  ): PreparedInput;
  /** session.run and nothing else. */
  infer(prepared: PreparedInput): Promise<SemanticOutput>;
  /**
   * Batch item `index` → native label slice at out[outOffset ...]: argmax at model resolution, nearest
   * back to [ny][nx] (pixel-centre mapping, axis.ts), model labels → dataset labels through `lut`
   * (labelLookup).
   */
  toLabels(
    output: SemanticOutput,
    index: number,
    nx: number,
    ny: number,
    lut: Uint8Array,
    out: Uint8Array,
    outOffset?: number,
  ): void;
  /** Whole volume, slice by slice (batched), into one Uint8Array in dataset label values. */
  segmentVolume(volume: NiftiVolume, options: SegmentVolumeOptions): Promise<SemanticVolumeResult>;
}

export function createSemantic2d(session: Session, manifest: Semantic2dManifest): Semantic2d {
  const where = `model ${manifest.id}`;
  const graph = manifest.graphs.model;
  checkGraphNames(session, graph, where);
  const pre = createSlicePreprocessor(manifest.preprocessing);
  const input = graph.inputs[0]!;
  const outputName = graph.outputs[0]!.name;
  const fixedBatch = checkImageInput(input, [pre.channels, pre.height, pre.width], where);
  const maxBatch = fixedBatch ?? manifest.maxBatch;
  let classMap = new Uint8Array(0);
  let bestLogit = new Float32Array(0);
  let back: Resampler | undefined;

  const pipeline: Semantic2d = {
    manifest,
    maxBatch,
    inputBuffer: (batch) => new Float32Array((fixedBatch ?? Math.min(batch, maxBatch)) * pre.itemSize),
    prepare(slices, nx, ny, options = {}) {
      const list = slices instanceof Float32Array ? [slices] : slices;
      if (list.length < 1 || list.length > maxBatch) {
        throw new RangeError(`${where}: ${list.length} slices in one run; it takes 1..${maxBatch}`);
      }
      const map = intensityMap(manifest.preprocessing, options.stats);
      const runBatch = fixedBatch ?? list.length;
      const buffer = options.buffer ?? new Float32Array(runBatch * pre.itemSize);
      for (const [b, slice] of list.entries()) pre.write(slice, nx, ny, map, buffer, b);
      const data =
        buffer.length === runBatch * pre.itemSize ? buffer : buffer.subarray(0, runBatch * pre.itemSize);
      const dims = [runBatch, pre.channels, pre.height, pre.width];
      return { feeds: { [input.name]: { type: "float32", data, dims } }, count: list.length };
    },
    async infer(prepared) {
      const out = floatOutput(await session.run(prepared.feeds), outputName, where);
      const [n, classes, height, width] = out.dims;
      if (out.dims.length !== 4 || n! < prepared.count) {
        throw new AppError(
          "RUNTIME",
          `${where}: output "${outputName}" has dims [${out.dims}]; edgeseg expects per-class logits [N, K, H, W]`,
        );
      }
      return { logits: out.data, count: prepared.count, classes: classes!, height: height!, width: width! };
    },
    toLabels(output, index, nx, ny, lut, out, outOffset = 0) {
      const { classes, height, width } = output;
      if (classMap.length !== height * width) {
        classMap = new Uint8Array(height * width);
        bestLogit = new Float32Array(height * width);
      }
      argmaxClasses(
        output.logits,
        index * classes * height * width,
        classes,
        height,
        width,
        classMap,
        bestLogit,
      );
      if (back?.from[0] !== width || back.from[1] !== height || back.to[0] !== nx || back.to[1] !== ny) {
        back = createResampler(width, height, nx, ny);
      }
      back.nearest(classMap, 0, out, outOffset, lut);
    },
    segmentVolume: (volume, options) => segmentSemanticVolume(pipeline, volume, options),
  };
  return pipeline;
}
