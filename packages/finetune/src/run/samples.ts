import {
  boxesFromMask,
  boxToModel,
  buildLabelMapping,
  createSlicePreprocessor,
  intensityMap,
  type LabelMapping,
  labelData,
  loadDataset,
  mulberry32,
  type NiftiVolume,
  nearestAxis,
  needsVolumeStats,
  type Promptable2dManifest,
  readNifti,
  type Semantic2dManifest,
  sliceToFloat32,
  volumeStats,
} from "@edgeseg/bench";
import { AppError } from "@edgeseg/protocol";
import type * as ort from "onnxruntime-node";
import { fromOrt, type HostTensor, shuffle, toOrt } from "./tensors.ts";

/** One annotated training example: the original model's inputs (frozen side) and the loss target. */
export interface Sample {
  feeds: Record<string, HostTensor>;
  target: HostTensor;
}

interface CaseVolumes {
  id: string;
  image: NiftiVolume;
  label: Uint8Array;
}

/** The site's train cases, read whole (a few cases of a few MB each). */
export async function readTrainCases(
  dir: string,
): Promise<{ cases: CaseVolumes[]; labels: Map<number, string> }> {
  const dataset = await loadDataset(dir, { split: "train" });
  const cases: CaseVolumes[] = [];
  for (const c of dataset.cases) {
    const image = await readNifti(c.imagePath);
    const labelVol = await readNifti(c.labelPath);
    const data = labelData(labelVol, c.labelPath);
    cases.push({ id: c.id, image, label: data instanceof Uint8Array ? data : Uint8Array.from(data) });
  }
  if (cases.length === 0) throw new AppError("INPUT", `${dir}: the site's train split has no labelled case`);
  return { cases, labels: dataset.labels };
}

/**
 * The annotated slices: every slice of the train cases with an organ in it, shuffled with the seed; the
 * first `train` are trained on, the next `validation` decide the plateau (never trained on).
 */
export function chooseSlices(
  cases: readonly CaseVolumes[],
  train: number,
  validation: number,
  seed: number,
): { train: [number, number][]; validation: [number, number][] } {
  const pool: [number, number][] = [];
  cases.forEach((c, n) => {
    const [nx, ny, nz] = c.image.dims as [number, number, number];
    for (let k = 0; k < nz; k++)
      if (c.label.subarray(k * nx * ny, (k + 1) * nx * ny).some((v) => v !== 0)) pool.push([n, k]);
  });
  if (pool.length < train + validation)
    throw new AppError(
      "INPUT",
      `the site's train split has ${pool.length} slices with organs; ${train} training + ${validation} validation slices were asked for: lower trainSlices or validationSlices`,
    );
  shuffle(pool, mulberry32(seed));
  return { train: pool.slice(0, train), validation: pool.slice(train, train + validation) };
}

/** Label slice k resized (nearest, pixel centres as the pipelines resample) to height x width. */
function labelPlane(c: CaseVolumes, k: number, width: number, height: number): Uint8Array {
  const [nx, ny] = c.image.dims as [number, number, number];
  const xs = nearestAxis(nx, width);
  const ys = nearestAxis(ny, height);
  const out = new Uint8Array(width * height);
  const base = k * nx * ny;
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      out[y * width + x] = c.label[base + (ys[y] as number) * nx + (xs[x] as number)] as number;
  return out;
}

function modelInput(pre: Semantic2dManifest["preprocessing"], c: CaseVolumes, k: number): HostTensor {
  const p = createSlicePreprocessor(pre);
  const [nx, ny] = c.image.dims as [number, number, number];
  const map = intensityMap(pre, needsVolumeStats(pre) ? volumeStats(c.image) : undefined);
  const data = new Float32Array(p.itemSize);
  p.write(sliceToFloat32(c.image, k), nx, ny, map, data, 0);
  return { dims: [1, p.channels, p.height, p.width], data };
}

/** Semantic 2D: the slice as the model's input, the target the label map in the model's values. */
export function semanticSamples(
  manifest: Semantic2dManifest,
  cases: readonly CaseVolumes[],
  slices: readonly [number, number][],
  mapping: LabelMapping,
): Sample[] {
  const input = manifest.graphs.model.inputs[0]!.name;
  const [height, width] = manifest.preprocessing.resize;
  const toModel = new Uint8Array(256);
  for (const o of mapping.organs) toModel[o.datasetValue] = o.modelValue;
  return slices.map(([n, k]) => {
    const c = cases[n] as CaseVolumes;
    const plane = labelPlane(c, k, width, height);
    const target = new BigInt64Array(plane.length);
    for (let i = 0; i < plane.length; i++) target[i] = BigInt(toModel[plane[i] as number] as number);
    return {
      feeds: { [input]: modelInput(manifest.preprocessing, c, k) },
      target: { dims: [1, height, width], data: target },
    };
  });
}

/**
 * Promptable 2D: the encoder (frozen, once per slice) gives the embeddings; every organ in the slice is
 * one sample with its ground-truth box (as the benchmark prompts) and its mask as the target, at the
 * decoder output's size.
 */
export async function promptableSamples(
  manifest: Promptable2dManifest,
  encoder: ort.InferenceSession,
  cases: readonly CaseVolumes[],
  slices: readonly [number, number][],
  mapping: LabelMapping,
): Promise<Sample[]> {
  const enc = manifest.graphs.encoder;
  const dec = manifest.graphs.decoder;
  const [height, width] = manifest.preprocessing.resize;
  const outShape = dec.outputs[0]!.shape;
  const oh = typeof outShape.at(-2) === "number" ? (outShape.at(-2) as number) : height;
  const ow = typeof outShape.at(-1) === "number" ? (outShape.at(-1) as number) : width;
  const embName = dec.inputs.find((i) => enc.outputs.some((o) => o.name === i.name))?.name;
  const boxName = dec.inputs.find((i) => i.name !== embName)?.name;
  if (!embName || !boxName)
    throw new AppError(
      "INPUT",
      `model ${manifest.id}: the decoder's inputs are not the encoder's embeddings and a box`,
    );
  const samples: Sample[] = [];
  for (const [n, k] of slices) {
    const c = cases[n] as CaseVolumes;
    const [nx, ny] = c.image.dims as [number, number, number];
    const out = await encoder.run({ [enc.inputs[0]!.name]: toOrt(modelInput(manifest.preprocessing, c, k)) });
    const embeddings = fromOrt(out[embName] as ort.Tensor);
    const plane = labelPlane(c, k, ow, oh);
    const boxes = boxesFromMask(
      c.label,
      k * nx * ny,
      nx,
      ny,
      mapping.organs.map((o) => o.datasetValue),
    );
    mapping.organs.forEach((o, i) => {
      const box = boxes[i];
      if (!box) return;
      const mask = new Float32Array(ow * oh);
      for (let p = 0; p < mask.length; p++) mask[p] = plane[p] === o.datasetValue ? 1 : 0;
      samples.push({
        feeds: {
          [embName]: embeddings,
          [boxName]: { dims: [1, 4], data: Float32Array.from(boxToModel(box, nx, ny, width, height)) },
        },
        target: { dims: [1, 1, oh, ow], data: mask },
      });
    });
  }
  return samples;
}

export function siteMapping(
  datasetLabels: Map<number, string>,
  manifestLabels: Record<string, string>,
): LabelMapping {
  const mapping = buildLabelMapping(
    datasetLabels,
    new Map(Object.entries(manifestLabels).map(([v, n]) => [Number(v), n])),
  );
  if (mapping.organs.length === 0)
    throw new AppError("INPUT", "the model and the site's dataset have no organ in common to fine-tune on");
  return mapping;
}
