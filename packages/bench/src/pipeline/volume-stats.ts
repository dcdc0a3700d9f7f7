import type { NiftiVolume } from "../nifti/types.ts";
import type { IntensityStats } from "./intensity.ts";

/**
 * Mean and population std of a volume's real values (slope * stored + inter), streaming over slices:
 * each slice's mean and sum of squared deviations are merged with Chan et al.'s pairwise update, which
 * stays accurate for CT's large offsets where sum(x^2) - n*mean^2 would cancel. Reads the stored array
 * in place; nothing the size of the volume is allocated.
 */
export function volumeStats(volume: NiftiVolume): IntensityStats {
  const [nx, ny, nz] = volume.dims;
  const plane = nx * ny;
  const data = volume.data;
  let n = 0;
  let mean = 0;
  let m2 = 0;
  for (let k = 0; k < nz; k++) {
    const start = k * plane;
    let sum = 0;
    for (let p = start; p < start + plane; p++) sum += data[p]!;
    const sliceMean = sum / plane;
    let sliceM2 = 0;
    for (let p = start; p < start + plane; p++) {
      const d = data[p]! - sliceMean;
      sliceM2 += d * d;
    }
    const total = n + plane;
    const delta = sliceMean - mean;
    mean += (delta * plane) / total;
    m2 += sliceM2 + (delta * delta * n * plane) / total;
    n = total;
  }
  const storedStd = n > 0 ? Math.sqrt(m2 / n) : 0;
  return { mean: volume.slope * mean + volume.inter, std: Math.abs(volume.slope) * storedStd };
}
