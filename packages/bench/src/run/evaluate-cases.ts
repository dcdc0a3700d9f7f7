import type { CaseResult } from "@edgeseg/protocol";
import { AppError } from "@edgeseg/protocol";
import type { DatasetCase, LabelMapping } from "../dataset/index.ts";
import { epochMs } from "../isolation/index.ts";
import { computeCaseMetrics } from "../metrics/index.ts";
import { labelData, type NiftiVolume, openNiftiStream, readNifti } from "../nifti/index.ts";
import { elapsedMs, now } from "../timing/index.ts";
import type { Engine } from "./engine.ts";
import { traceMemory } from "./memory-trace.ts";
import type { PhaseWindow } from "./phases.ts";

export interface EvaluatedCase {
  result: CaseResult;
  image: NiftiVolume;
  groundTruth: Uint8Array;
  /** Voxel spacing in mm as "x×y×z", from the label's header. */
  spacing: string;
  /** The stretch timing.totalMs covers, on the epoch clock, for energy per case. */
  window: PhaseWindow;
}

/**
 * One case: the end-to-end wall time counts reading the image, preprocessing, inference and
 * postprocessing, as the CVPR 2024 MedSAM-on-Laptop challenge timed a case. Reading the ground truth
 * and scoring are evaluation, outside that time.
 */
export async function evaluateCase(
  engine: Engine,
  c: DatasetCase,
  mapping: LabelMapping,
  toleranceMm: number,
  onSlice?: (done: number, total: number) => void,
  /** False for synthetic weights (a skeleton): accuracy is not measured, only the case is timed. */
  score = true,
): Promise<EvaluatedCase> {
  const { label, groundTruth } = await readGroundTruth(c.labelPath);
  const startMs = epochMs();
  const t0 = now();
  // The image is streamed: the pipeline starts on the first slices while the rest is still inflating
  // (issue 14 item 6), so readMs — until the whole file is read and checked — overlaps inference.
  const stream = await openNiftiStream(c.imagePath);
  const image = stream.volume;
  let readMs = 0;
  const read = stream.done.then(() => {
    readMs = elapsedMs(t0);
  });
  read.catch(() => {});
  if (image.dims.join("x") !== label.dims.join("x")) {
    throw new AppError(
      "INPUT",
      `case ${c.id}: image ${c.imagePath} is ${image.dims.join("×")} but its label ${c.labelPath} is ${label.dims.join("×")}; they must share one grid`,
    );
  }
  const seg = await engine.segment(image, groundTruth, onSlice, stream.ready);
  // A corrupt tail (gzip CRC, trailing data) fails the case even when every slice had landed.
  await read;
  const totalMs = elapsedMs(t0);
  traceMemory(`case ${c.id} segmented`);
  const window = { startMs, endMs: epochMs() };
  const metrics = score
    ? computeCaseMetrics(
        { dims: label.dims, spacing: label.spacing, data: groundTruth },
        { dims: label.dims, spacing: label.spacing, data: seg.labels },
        { labels: mapping.organs.map((o) => o.datasetValue), toleranceMm },
      )
    : new Map();
  const counts = histogram(groundTruth);
  const organs: CaseResult["organs"] = {};
  for (const pair of mapping.organs) {
    const m = metrics.get(pair.datasetValue);
    // An organ absent from this case's ground truth is not scored for it (no reference to compare to).
    if (m && counts[pair.datasetValue]! > 0) organs[pair.organ] = { labelValue: pair.datasetValue, ...m };
  }
  const result: CaseResult = {
    caseId: c.id,
    slices: seg.slices,
    organs,
    timing: { readMs, ...seg.timing, totalMs },
  };
  return { result, image, groundTruth, spacing: label.spacing.map((v) => v.toFixed(2)).join("×"), window };
}

function histogram(data: Uint8Array): Float64Array {
  const counts = new Float64Array(256);
  for (let n = 0; n < data.length; n++) counts[data[n]!]!++;
  return counts;
}

export async function readGroundTruth(
  path: string,
): Promise<{ label: NiftiVolume; groundTruth: Uint8Array }> {
  const label = await readNifti(path);
  return { label, groundTruth: toUint8(labelData(label, path), path) };
}

function toUint8(data: Uint8Array | Uint16Array, path: string): Uint8Array {
  if (data instanceof Uint8Array) return data;
  let max = 0;
  for (const v of data) if (v > max) max = v;
  if (max > 255) {
    throw new AppError("INPUT", `${path} has label value ${max}; edgeseg supports label values up to 255`);
  }
  return Uint8Array.from(data);
}
