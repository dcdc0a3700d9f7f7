import type { Promptable2dManifest, Session, TensorData } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import type { NiftiVolume } from "../nifti/types.ts";
import { type Box, boxToModel } from "./boxes.ts";
import { checkGraphNames, checkImageInput, floatOutput } from "./graph-io.ts";
import { type IntensityStats, intensityMap } from "./intensity.ts";
import { createSlicePreprocessor } from "./preprocess.ts";
import type { PromptableVolumeOptions, PromptableVolumeResult } from "./promptable-options.ts";
import { segmentPromptableVolume } from "./promptable-volume.ts";
import type { PreparedInput } from "./semantic2d.ts";

/** Mask logits of one box, [height][width] in the model input's frame (possibly at lower resolution). */
export interface MaskLogits {
  readonly data: Float32Array;
  readonly height: number;
  readonly width: number;
}

export interface Promptable2d {
  readonly manifest: Promptable2dManifest;
  /** Model input [height, width]: the frame box coordinates are given in. */
  readonly inputSize: readonly [height: number, width: number];
  /** Reusable input memory for prepare's `buffer`. */
  inputBuffer(): Float32Array;
  /** One native slice (row-major [ny][nx], real values) → encoder input. */
  prepare(
    slice: Float32Array,
    nx: number,
    ny: number,
    options?: { stats?: IntensityStats; buffer?: Float32Array },
  ): PreparedInput;
  /** Encoder session.run and nothing else: the image embeddings, by output name. */
  encode(prepared: PreparedInput): Promise<Record<string, TensorData>>;
  /** A native box (inclusive pixel indices) → the decoder's box tensor in model input coordinates. */
  boxTensor(box: Box, nx: number, ny: number): TensorData;
  /** Decoder session.run for one box on already encoded embeddings. */
  decode(embeddings: Record<string, TensorData>, box: TensorData): Promise<MaskLogits>;
  /** Whole volume: boxes from the ground truth per slice and organ; labels in dataset values. */
  segmentVolume(
    volume: NiftiVolume,
    groundTruth: Uint8Array,
    options: PromptableVolumeOptions,
  ): Promise<PromptableVolumeResult>;
}

export function createPromptable2d(
  sessions: { encoder: Session; decoder: Session },
  manifest: Promptable2dManifest,
): Promptable2d {
  const where = `model ${manifest.id}`;
  const { encoder, decoder } = manifest.graphs;
  checkGraphNames(sessions.encoder, encoder, `${where} encoder`);
  checkGraphNames(sessions.decoder, decoder, `${where} decoder`);
  const pre = createSlicePreprocessor(manifest.preprocessing);
  const image = encoder.inputs[0]!;
  const fixed = checkImageInput(image, [pre.channels, pre.height, pre.width], `${where} encoder`);
  if (fixed !== null && fixed !== 1) {
    throw new AppError(
      "INPUT",
      `${where}: encoder input "${image.name}" has a fixed batch of ${fixed}; edgeseg encodes one slice per run`,
    );
  }
  // Decoder inputs named like encoder outputs take the embeddings; the one left is the box.
  const embeddingNames = new Set(encoder.outputs.map((t) => t.name));
  const boxInputs = decoder.inputs.filter((t) => !embeddingNames.has(t.name));
  const boxSpec = boxInputs[0];
  const boxDims = boxSpec?.shape.map((d) => (typeof d === "number" ? d : 1)) ?? [];
  if (
    boxInputs.length !== 1 ||
    boxSpec?.elementType !== "float32" ||
    boxDims.reduce((a, b) => a * b, 1) !== 4
  ) {
    throw new AppError(
      "INPUT",
      `${where}: the decoder must take the encoder's outputs (by name) plus one float32 box input of 4 values ` +
        `(x0, y0, x1, y1); its other inputs are ${boxInputs.map((t) => `"${t.name}" [${t.shape}]`).join(", ") || "none"}`,
    );
  }
  const maskName = decoder.outputs[0]!.name;

  const pipeline: Promptable2d = {
    manifest,
    inputSize: [pre.height, pre.width],
    inputBuffer: () => new Float32Array(pre.itemSize),
    prepare(slice, nx, ny, options = {}) {
      const buffer = options.buffer ?? new Float32Array(pre.itemSize);
      pre.write(slice, nx, ny, intensityMap(manifest.preprocessing, options.stats), buffer, 0);
      const data = buffer.length === pre.itemSize ? buffer : buffer.subarray(0, pre.itemSize);
      return {
        feeds: { [image.name]: { type: "float32", data, dims: [1, pre.channels, pre.height, pre.width] } },
        count: 1,
      };
    },
    encode: (prepared) => sessions.encoder.run(prepared.feeds),
    boxTensor(box, nx, ny) {
      return {
        type: "float32",
        data: Float32Array.from(boxToModel(box, nx, ny, pre.width, pre.height)),
        dims: boxDims,
      };
    },
    async decode(embeddings, box) {
      const feeds: Record<string, TensorData> = { [boxSpec.name]: box };
      for (const t of decoder.inputs) if (t.name !== boxSpec.name) feeds[t.name] = embeddings[t.name]!;
      const out = floatOutput(await sessions.decoder.run(feeds), maskName, `${where} decoder`);
      const height = out.dims.at(-2) ?? 0;
      const width = out.dims.at(-1) ?? 0;
      if (out.dims.length < 2 || out.data.length !== height * width) {
        throw new AppError(
          "RUNTIME",
          `${where}: decoder output "${maskName}" has dims [${out.dims}]; edgeseg expects one mask per box ([..., H, W] with all other dims 1)`,
        );
      }
      return { data: out.data, height, width };
    },
    segmentVolume: (volume, groundTruth, options) =>
      segmentPromptableVolume(pipeline, volume, groundTruth, options),
  };
  return pipeline;
}
