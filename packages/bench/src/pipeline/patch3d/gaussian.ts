/**
 * Importance map of one patch, as nnU-Net's compute_gaussian (nnunetv2/inference/sliding_window_prediction.py):
 * a unit impulse at the centre (size // 2) filtered by scipy.ndimage.gaussian_filter with sigma = size / 8
 * per axis (mode "constant", truncate 4: kernel radius int(4 sigma + 0.5)), divided by its maximum and
 * multiplied by value_scaling_factor (10, as nnUNetPredictor calls it), zeros replaced by the smallest
 * nonzero value so no voxel of a tile has weight 0. A filtered impulse is the outer product of the three
 * normalised 1D kernels, so it is computed as that product. nnU-Net stores it as float16; edgeseg keeps
 * float32 (the weights cancel in sum(w * logits) / sum(w); only rounding differs).
 */
export const SIGMA_SCALE = 1 / 8;
export const VALUE_SCALING = 10;

function kernel1d(size: number): Float64Array {
  const sigma = size * SIGMA_SCALE;
  const radius = Math.trunc(4 * sigma + 0.5);
  const centre = Math.floor(size / 2);
  const phi = (x: number) => Math.exp((-0.5 / (sigma * sigma)) * x * x);
  let sum = 0;
  for (let x = -radius; x <= radius; x++) sum += phi(x);
  const out = new Float64Array(size);
  for (let p = 0; p < size; p++) {
    const x = p - centre;
    out[p] = Math.abs(x) <= radius ? phi(x) / sum : 0;
  }
  return out;
}

export function computeGaussian(patch: readonly [number, number, number]): Float32Array {
  const [pz, py, px] = patch;
  const [kz, ky, kx] = [kernel1d(pz), kernel1d(py), kernel1d(px)];
  const max = kz[Math.floor(pz / 2)]! * ky[Math.floor(py / 2)]! * kx[Math.floor(px / 2)]!;
  const out = new Float32Array(pz * py * px);
  let minNonZero = Infinity;
  for (let z = 0, n = 0; z < pz; z++)
    for (let y = 0; y < py; y++)
      for (let x = 0; x < px; x++, n++) {
        const v = ((kz[z]! * ky[y]! * kx[x]!) / max) * VALUE_SCALING;
        out[n] = v;
        if (out[n]! > 0 && out[n]! < minNonZero) minNonZero = out[n]!;
      }
  for (let n = 0; n < out.length; n++) if (out[n] === 0) out[n] = minNonZero;
  return out;
}
