/** numpy.round: halves go to the even neighbour (np.round(2.5) = 2), unlike Math.round. */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 ? 2 * Math.round(x / 2) : r;
}

/**
 * Tile origins along each axis, as nnU-Net's compute_steps_for_sliding_window
 * (nnunetv2/inference/sliding_window_prediction.py): ceil((image - tile) / (tile * step)) + 1 tiles,
 * spread evenly so the first starts at 0 and the last ends at the border, origins rounded with np.round.
 * The image must already be padded to at least the tile size.
 */
export function computeSteps(
  imageSize: readonly number[],
  tileSize: readonly number[],
  stepSize: number,
): number[][] {
  return tileSize.map((tile, d) => {
    const image = imageSize[d]!;
    if (image < tile) throw new RangeError(`image axis ${d} (${image}) is smaller than the tile (${tile})`);
    const count = Math.ceil((image - tile) / (tile * stepSize)) + 1;
    const actual = count > 1 ? (image - tile) / (count - 1) : 99999999999;
    return Array.from({ length: count }, (_, n) => roundHalfEven(actual * n));
  });
}

/** Every tile origin [z, y, x], in nnU-Net's order (first axis outermost, as _internal_get_sliding_window_slicers). */
export function tileOrigins(steps: readonly (readonly number[])[]): [number, number, number][] {
  const [zs, ys, xs] = steps as [number[], number[], number[]];
  const out: [number, number, number][] = [];
  for (const z of zs) for (const y of ys) for (const x of xs) out.push([z, y, x]);
  return out;
}

/**
 * Padding to at least the patch, as pad_nd_image (acvl_utils, called by nnU-Net's
 * predict_sliding_window_return_logits with mode "constant", value 0): half below, the odd voxel above.
 */
export function padBelow(shape: readonly number[], patch: readonly number[]): number[] {
  return shape.map((s, d) => Math.floor(Math.max(patch[d]! - s, 0) / 2));
}

/** nnU-Net's compute_new_shape (preprocessing/resampling/default_resampling.py): round(shape * old / new). */
export function resampledShape(
  shape: readonly number[],
  spacing: readonly number[],
  target: readonly number[],
): number[] {
  return shape.map((s, d) => Math.max(1, roundHalfEven((s * spacing[d]!) / target[d]!)));
}
