/**
 * Source sampling positions along one axis, shared by every resampling in the pipelines so that the
 * forward resize and the way back agree. Pixel centres are aligned (PyTorch align_corners=False): output
 * pixel d of `outSize` samples the input at u = (d + 0.5) * inSize / outSize - 0.5.
 */
export interface LinearAxis {
  /** Lower and upper input index of the two taps (equal at the last pixel). */
  readonly i0: Int32Array;
  readonly i1: Int32Array;
  /** Weight of the upper tap; the lower one gets 1 - w1. */
  readonly w1: Float64Array;
}

/**
 * Bilinear taps exactly as PyTorch's CPU upsample_bilinear2d computes them for align_corners=False,
 * antialias=False (the F.interpolate default): u is clamped below at 0 (area_pixel_compute_source_index),
 * i0 = floor(u), i1 = i0 + 1 unless i0 is the last index, w1 = u - i0.
 */
export function linearAxis(inSize: number, outSize: number): LinearAxis {
  const i0 = new Int32Array(outSize);
  const i1 = new Int32Array(outSize);
  const w1 = new Float64Array(outSize);
  const scale = inSize / outSize;
  for (let d = 0; d < outSize; d++) {
    const u = Math.max((d + 0.5) * scale - 0.5, 0);
    const lower = Math.min(Math.floor(u), inSize - 1);
    i0[d] = lower;
    i1[d] = lower < inSize - 1 ? lower + 1 : lower;
    w1[d] = lower < inSize - 1 ? u - lower : 0;
  }
  return { i0, i1, w1 };
}

/**
 * Nearest taps with the same pixel-centre mapping: the input pixel whose extent contains the output
 * pixel's centre, floor((d + 0.5) * inSize / outSize) clamped to the last index. This is PyTorch's
 * mode="nearest-exact" (not the legacy "nearest", which drops the half-pixel shift). Computed in integers
 * so a centre falling exactly on a pixel edge rounds the same way on every device.
 */
export function nearestAxis(inSize: number, outSize: number): Int32Array {
  const idx = new Int32Array(outSize);
  for (let d = 0; d < outSize; d++) {
    idx[d] = Math.min(Math.floor(((2 * d + 1) * inSize) / (2 * outSize)), inSize - 1);
  }
  return idx;
}
