/**
 * Flips `items` consecutive [z][y][x] blocks of `src` into `dst` along the axes set in `axes`
 * (bit 0 = z, 1 = y, 2 = x). Its own inverse.
 */
export function flip3d(
  src: Float32Array,
  dst: Float32Array,
  items: number,
  shape: readonly [number, number, number],
  axes: number,
): void {
  const [d, h, w] = shape;
  const size = d * h * w;
  const fz = (axes & 1) !== 0;
  const fy = (axes & 2) !== 0;
  const fx = (axes & 4) !== 0;
  for (let n = 0; n < items; n++) {
    const base = n * size;
    for (let z = 0; z < d; z++) {
      const sz = fz ? d - 1 - z : z;
      for (let y = 0; y < h; y++) {
        const sy = fy ? h - 1 - y : y;
        const from = base + (sz * h + sy) * w;
        const to = base + (z * h + y) * w;
        if (fx) for (let x = 0; x < w; x++) dst[to + x] = src[from + w - 1 - x]!;
        else dst.set(src.subarray(from, from + w), to);
      }
    }
  }
}

/**
 * Mirror combinations in nnU-Net's order (_internal_maybe_mirror_and_predict: itertools.combinations of
 * the mirror axes, singles first): z, y, x, zy, zx, yx, zyx.
 */
export const MIRROR_COMBINATIONS = [1, 2, 4, 3, 5, 6, 7] as const;
