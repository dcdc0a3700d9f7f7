import { AppError } from "@edgeseg/protocol";

/**
 * Per-pixel argmax over the K class planes of one batch item ([K][h][w] starting at `offset`), written
 * as class indices into `out` ([h][w]). Ties go to the lower class, as numpy.argmax and torch.argmax do,
 * so an all-zero logit map is background.
 */
export function argmaxClasses(
  logits: Float32Array,
  offset: number,
  classes: number,
  height: number,
  width: number,
  out: Uint8Array,
): void {
  if (classes > 256)
    throw new AppError("INPUT", `model outputs ${classes} classes; edgeseg label maps hold at most 256`);
  const plane = height * width;
  for (let p = 0; p < plane; p++) {
    let best = 0;
    let bestValue = logits[offset + p]!;
    for (let c = 1; c < classes; c++) {
      const v = logits[offset + c * plane + p]!;
      if (v > bestValue) {
        bestValue = v;
        best = c;
      }
    }
    out[p] = best;
  }
}

/**
 * Lookup table from model label values to dataset label values. Model labels the map does not name
 * (including 0) become 0: organs the dataset does not annotate must not count as false positives of
 * another organ.
 */
export function labelLookup(map: ReadonlyMap<number, number>): Uint8Array {
  const lut = new Uint8Array(256);
  for (const [model, dataset] of map) {
    for (const [what, v] of [
      ["model", model],
      ["dataset", dataset],
    ] as const) {
      if (!Number.isInteger(v) || v < 0 || v > 255) {
        throw new AppError("INPUT", `label map: ${what} label ${v} is not an integer in 0..255`);
      }
    }
    lut[model] = dataset;
  }
  return lut;
}
