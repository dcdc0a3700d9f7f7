/** Box in native pixel indices of one slice, inclusive on both ends (x = column i, y = row j). */
export interface Box {
  readonly x0: number;
  readonly y0: number;
  readonly x1: number;
  readonly y1: number;
}

/**
 * Tight bounding box of each wanted label on one slice of a label volume (slice starts at `offset`,
 * row-major [ny][nx]), in one pass. Inclusive min/max indices, as the MedSAM challenges derive box
 * prompts from the reference mask (x_min, x_max = min/max of the column indices of mask pixels).
 * Returns one entry per wanted label, in order; null where the slice does not contain that label.
 */
export function boxesFromMask(
  mask: Uint8Array,
  offset: number,
  nx: number,
  ny: number,
  labels: readonly number[],
): (Box | null)[] {
  const wanted = new Uint8Array(256);
  for (const v of labels) wanted[v] = 1;
  const x0 = new Int32Array(256).fill(nx);
  const y0 = new Int32Array(256).fill(ny);
  const x1 = new Int32Array(256).fill(-1);
  const y1 = new Int32Array(256).fill(-1);
  for (let j = 0; j < ny; j++) {
    const row = offset + j * nx;
    for (let i = 0; i < nx; i++) {
      const v = mask[row + i]!;
      if (wanted[v] === 0) continue;
      if (i < x0[v]!) x0[v] = i;
      if (i > x1[v]!) x1[v] = i;
      if (j < y0[v]!) y0[v] = j;
      y1[v] = j;
    }
  }
  return labels.map((v) => (x1[v]! < 0 ? null : { x0: x0[v]!, y0: y0[v]!, x1: x1[v]!, y1: y1[v]! }));
}

/**
 * Enlarges each side independently by an integer drawn uniformly from 0..jitterPx (draw order x0, y0,
 * x1, y1), then clamps to the image, as MedSAM's training and evaluation scripts perturb box prompts
 * (bbox_shift). `random` returns values in [0, 1); use a seeded generator (prng.ts).
 */
export function jitterBox(box: Box, jitterPx: number, random: () => number, nx: number, ny: number): Box {
  const draw = () => Math.floor(random() * (jitterPx + 1));
  const x0 = Math.max(0, box.x0 - draw());
  const y0 = Math.max(0, box.y0 - draw());
  const x1 = Math.min(nx - 1, box.x1 + draw());
  const y1 = Math.min(ny - 1, box.y1 + draw());
  return { x0, y0, x1, y1 };
}

/**
 * Box in the model input's coordinates [x0, y0, x1, y1]: native indices scaled by W / nx and H / ny,
 * as MedSAM scales its boxes to the encoder's input size (box / [W, H, W, H] * 1024).
 */
export function boxToModel(
  box: Box,
  nx: number,
  ny: number,
  width: number,
  height: number,
): [number, number, number, number] {
  const sx = width / nx;
  const sy = height / ny;
  return [box.x0 * sx, box.y0 * sy, box.x1 * sx, box.y1 * sy];
}
