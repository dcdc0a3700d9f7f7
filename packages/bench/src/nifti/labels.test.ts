import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { labelData } from "./labels.ts";
import type { NiftiVolume, VoxelArray } from "./types.ts";

const volume = (data: VoxelArray, slope = 1, inter = 0): NiftiVolume => ({
  dims: [data.length, 1, 1],
  spacing: [1, 1, 1],
  voxelType: "float32",
  data,
  slope,
  inter,
  affine: [],
  axcodes: ["R", "A", "S"],
});

describe("labelData", () => {
  it("returns an unscaled uint8 label map without copying", () => {
    const data = new Uint8Array([0, 1, 2, 255]);
    expect(labelData(volume(data))).toBe(data);
  });

  it("turns integer-valued float labels into the narrowest unsigned array", () => {
    const small = labelData(volume(new Float32Array([0, 1, 6, 13])));
    expect(small).toBeInstanceOf(Uint8Array);
    expect(Array.from(small)).toEqual([0, 1, 6, 13]);
    const wide = labelData(volume(new Int32Array([0, 300, 65535])));
    expect(wide).toBeInstanceOf(Uint16Array);
    expect(Array.from(wide)).toEqual([0, 300, 65535]);
  });

  it("applies scl_slope / scl_inter", () => {
    expect(Array.from(labelData(volume(new Int16Array([-1, 0, 2]), 2, 2)))).toEqual([0, 2, 6]);
  });

  it("refuses non-integer, negative and too-large values, naming the file", () => {
    for (const data of [new Float32Array([0, 1.5]), new Int16Array([0, -3]), new Int32Array([70000])]) {
      const err = (() => {
        try {
          labelData(volume(data), "/x/case_001.nii.gz");
        } catch (e) {
          return e;
        }
      })();
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).message).toMatch(/^\/x\/case_001.nii.gz: voxel \d holds .*, not a label/);
    }
  });
});
