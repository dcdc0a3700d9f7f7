import { AppError } from "@edgeseg/protocol";
import type { NiftiVolume } from "./types.ts";

/**
 * Integer label map of a segmentation volume (scaling applied), as the narrowest of Uint8Array /
 * Uint16Array that holds every value. A uint8 volume without scaling is returned without a copy.
 * Non-integer, negative or > 65535 values are refused: such a file is an image, not a label map.
 */
export function labelData(vol: NiftiVolume, path = "label volume"): Uint8Array | Uint16Array {
  const { data, slope, inter } = vol;
  const unscaled = slope === 1 && inter === 0;
  if (unscaled && data instanceof Uint8Array) return data;
  let max = 0;
  for (let i = 0; i < data.length; i++) {
    const v = unscaled ? data[i]! : data[i]! * slope + inter;
    if (!Number.isInteger(v) || v < 0 || v > 65535) {
      throw new AppError(
        "INPUT",
        `${path}: voxel ${i} holds ${v}, not a label (labels are integers 0..65535) — ` +
          "is this an image rather than a segmentation? Round or re-export the labels as integers",
      );
    }
    if (v > max) max = v;
  }
  const out = max <= 255 ? new Uint8Array(data.length) : new Uint16Array(data.length);
  if (unscaled) out.set(data);
  else for (let i = 0; i < data.length; i++) out[i] = data[i]! * slope + inter;
  return out;
}
