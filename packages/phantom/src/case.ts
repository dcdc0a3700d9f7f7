import { sampleAnatomy } from "./anatomy.ts";
import { blur121 } from "./blur.ts";
import { addNoise } from "./noise.ts";
import { createRng } from "./prng.ts";
import { type Grid, rasterize } from "./rasterize.ts";
import type { ScannerModel } from "./site.ts";

export interface PhantomCaseOptions {
  /** Matrix [nx, ny, nz]; default 256 × 256 × 40. */
  readonly dims?: readonly [number, number, number];
  /** Voxel size in mm; default 409.6 mm field of view in-plane (1.6 mm at 256) and 2.5 mm slices. */
  readonly spacing?: readonly [number, number, number];
  /** Another scanner's calibration and noise (site B); absent: the standard site, unchanged. */
  readonly scanner?: ScannerModel;
}

export interface PhantomCase {
  /** CT in HU, int16, stored order i + nx·(j + ny·k). */
  readonly image: Int16Array;
  readonly label: Uint8Array;
  readonly dims: readonly [number, number, number];
  readonly spacing: readonly [number, number, number];
  /** Voxel → world (RAS+, mm) for the NIfTI sform: the array runs L-P-S. */
  readonly affine: readonly (readonly number[])[];
}

export const FIELD_OF_VIEW_MM = 409.6;
export const SLICE_MM = 2.5;
const HU_MIN = -1024;
const HU_MAX = 3071;

/**
 * One synthetic abdominal CT case. Deterministic: the seed fixes every draw, and the volume is built
 * only from IEEE-exact arithmetic and sqrt (see math.ts), then rounded to int16 HU.
 */
export function generatePhantomCase(seed: number, opts: PhantomCaseOptions = {}): PhantomCase {
  const dims = opts.dims ?? [256, 256, 40];
  const spacing = opts.spacing ?? [FIELD_OF_VIEW_MM / dims[0], FIELD_OF_VIEW_MM / dims[1], SLICE_MM];
  const rng = createRng(seed);
  const anatomy = sampleAnatomy(rng);
  const zStart = anatomy.zCenter - ((dims[2] - 1) / 2) * spacing[2];
  const grid: Grid = { dims, spacing, zStart };
  const { hu, label } = rasterize(anatomy, grid);
  blur121(hu, dims);
  const scanner = opts.scanner;
  if (scanner) for (let n = 0; n < hu.length; n++) hu[n] = hu[n]! * scanner.gain + scanner.offsetHu;
  addNoise(hu, scanner ? anatomy.noiseSd * scanner.noiseScale : anatomy.noiseSd, rng);
  const image = new Int16Array(hu.length);
  for (let n = 0; n < hu.length; n++) {
    const v = Math.round(hu[n]!);
    image[n] = v < HU_MIN ? HU_MIN : Math.min(v, HU_MAX);
  }
  const [sx, sy, sz] = spacing;
  const affine = [
    [-sx, 0, 0, ((dims[0] - 1) / 2) * sx],
    [0, -sy, 0, ((dims[1] - 1) / 2) * sy],
    [0, 0, sz, zStart],
    [0, 0, 0, 1],
  ];
  return { image, label, dims, spacing, affine };
}
