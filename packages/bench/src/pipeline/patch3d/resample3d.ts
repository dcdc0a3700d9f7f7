import { sliceToFloat32 } from "../../nifti/slice.ts";
import type { NiftiVolume } from "../../nifti/types.ts";
import { linearAxis } from "../axis.ts";
import type { IntensityMap } from "../intensity.ts";
import { createResampler } from "../resample.ts";

/** A [z][y][x] float32 grid stored with a constant-zero margin: content at `offset` inside `padded`. */
export interface PaddedGrid {
  readonly data: Float32Array;
  readonly padded: readonly [number, number, number];
  readonly shape: readonly [number, number, number];
  readonly offset: readonly [number, number, number];
}

/**
 * Intensity step at native resolution (clip, then affine), then trilinear resampling to `shape`, written
 * into a zero-padded grid. nnU-Net normalises before resampling too (DefaultPreprocessor.run_case_npy).
 * Trilinear = PyTorch F.interpolate(mode="trilinear", align_corners=False) taps (axis.ts), done as a
 * blend of two native slices along z followed by the 2D pipelines' bilinear resize in-plane. Memory:
 * the padded grid plus two native slices; no float copy of the native volume.
 */
export function resampleVolume(
  volume: NiftiVolume,
  map: IntensityMap,
  shape: readonly [number, number, number],
  padded: readonly [number, number, number],
  offset: readonly [number, number, number],
): PaddedGrid {
  const [nx, ny, nz] = volume.dims;
  const [d, h, w] = shape;
  const [, ph, pw] = padded;
  const data = new Float32Array(padded[0] * ph * pw);
  const zs = linearAxis(nz, d);
  const inPlane = createResampler(nx, ny, w, h);
  const plane = nx * ny;
  const cache = new Map<number, Float32Array>();
  const slice = (k: number) => {
    let s = cache.get(k);
    if (!s) {
      s = sliceToFloat32(volume, k);
      for (let p = 0; p < plane; p++) s[p] = Math.min(Math.max(s[p]!, map.lo), map.hi);
      cache.set(k, s);
    }
    return s;
  };
  const blend = new Float64Array(plane);
  const target = new Float32Array(h * w);
  const affine = { lo: -Infinity, hi: Infinity, mul: map.mul, add: map.add };
  for (let z = 0; z < d; z++) {
    const a = slice(zs.i0[z]!);
    const b = slice(zs.i1[z]!);
    const wz = zs.w1[z]!;
    for (let p = 0; p < plane; p++) blend[p] = (1 - wz) * a[p]! + wz * b[p]!;
    inPlane.bilinear(blend, 0, target, 0, affine);
    for (let y = 0; y < h; y++) {
      const dst = ((z + offset[0]) * ph + y + offset[1]) * pw + offset[2];
      data.set(target.subarray(y * w, (y + 1) * w), dst);
    }
    // Keep only the slices the next output slice can still use.
    for (const key of [...cache.keys()]) if (key < zs.i0[Math.min(z + 1, d - 1)]!) cache.delete(key);
  }
  return { data, padded, shape, offset };
}

/**
 * Logits on the model's grid → label volume on the original grid, one original slice at a time: each
 * class is resampled trilinearly (the same taps), then argmax (ties to the lower class, as numpy), then
 * model labels → dataset labels through `lut`. nnU-Net resamples the logits with order 1 too
 * (resampling_fn_probabilities, default_resampling.py) before softmax and argmax; softmax is monotone, so
 * the argmax is that of the resampled logits. Memory: K planes of the original slice.
 */
export function logitsToLabels(
  logits: Float32Array,
  classes: number,
  grid: Omit<PaddedGrid, "data">,
  dims: readonly [number, number, number],
  lut: Uint8Array,
  labels: Uint8Array,
): void {
  const [nx, ny, nz] = dims;
  const [d, h, w] = grid.shape;
  const [pd, ph, pw] = grid.padded;
  const [oz, oy, ox] = grid.offset;
  const volumeSize = pd * ph * pw;
  const zs = linearAxis(d, nz);
  const inPlane = createResampler(w, h, nx, ny);
  const plane = nx * ny;
  const blend = new Float64Array(h * w);
  const planes = new Float32Array(classes * plane);
  for (let k = 0; k < nz; k++) {
    const z0 = zs.i0[k]! + oz;
    const z1 = zs.i1[k]! + oz;
    const wz = zs.w1[k]!;
    for (let c = 0; c < classes; c++) {
      for (let y = 0; y < h; y++) {
        const row0 = c * volumeSize + (z0 * ph + y + oy) * pw + ox;
        const row1 = c * volumeSize + (z1 * ph + y + oy) * pw + ox;
        for (let x = 0; x < w; x++) blend[y * w + x] = (1 - wz) * logits[row0 + x]! + wz * logits[row1 + x]!;
      }
      inPlane.bilinear(blend, 0, planes, c * plane);
    }
    const out = k * plane;
    for (let p = 0; p < plane; p++) {
      let best = 0;
      let bestValue = planes[p]!;
      for (let c = 1; c < classes; c++) {
        const v = planes[c * plane + p]!;
        if (v > bestValue) {
          bestValue = v;
          best = c;
        }
      }
      labels[out + p] = lut[best]!;
    }
  }
}
