import type { PaddedGrid } from "./resample3d.ts";

/**
 * nnU-Net's aggregation (predict_sliding_window_return_logits): predicted_logits[sl] += prediction *
 * gaussian; n_predictions[sl] += gaussian. Float32 throughout: the product is rounded to float32 before
 * the sum, as torch's `prediction *= gaussian` then `+=` does.
 */
export function accumulatePatch(
  logits: Float32Array,
  weights: Float32Array,
  grid: Pick<PaddedGrid, "padded">,
  origin: readonly [number, number, number],
  prediction: Float32Array,
  predictionOffset: number,
  classes: number,
  patch: readonly [number, number, number],
  gaussian: Float32Array,
): void {
  const [pd, ph, pw] = grid.padded;
  const [sz, sy, sx] = patch;
  const volumeSize = pd * ph * pw;
  const patchSize = sz * sy * sx;
  for (let c = 0; c <= classes; c++) {
    // c === classes: the weights volume, once per patch.
    const source = predictionOffset + c * patchSize;
    for (let z = 0; z < sz; z++)
      for (let y = 0; y < sy; y++) {
        const row = ((origin[0] + z) * ph + origin[1] + y) * pw + origin[2];
        const g = (z * sy + y) * sx;
        if (c === classes) {
          for (let x = 0; x < sx; x++) weights[row + x] = weights[row + x]! + gaussian[g + x]!;
        } else {
          const dst = c * volumeSize + row;
          const src = source + g;
          for (let x = 0; x < sx; x++)
            logits[dst + x] = logits[dst + x]! + Math.fround(prediction[src + x]! * gaussian[g + x]!);
        }
      }
  }
}

/** predicted_logits /= n_predictions, in place. */
export function normaliseLogits(logits: Float32Array, weights: Float32Array, classes: number): void {
  const n = weights.length;
  for (let c = 0; c < classes; c++) {
    const base = c * n;
    for (let v = 0; v < n; v++) logits[base + v] = logits[base + v]! / weights[v]!;
  }
}
