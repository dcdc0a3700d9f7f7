import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { answers, expectClose, FIXTURES } from "../testing/nifti-fixtures.ts";
import { readNifti } from "./read.ts";
import { sliceToFloat32 } from "./slice.ts";

const nibabel = answers("nibabel-answers.json");

describe("readNifti against nibabel's reading of nibabel-written files", () => {
  for (const [name, want] of Object.entries(nibabel)) {
    it(name, async () => {
      const vol = await readNifti(join(FIXTURES, name));
      const [nx, ny, nz = 1] = want.shape;
      expect(vol.dims).toEqual([nx, ny, nz]);
      expect(vol.voxelType).toBe(want.dtype);
      expectClose(vol.spacing, [...want.zooms, 1].slice(0, 3));
      expect([vol.slope, vol.inter]).toEqual([want.slope, want.inter]);
      expect(Array.from(vol.data)).toEqual(want.raw);
      const scaled = Array.from({ length: nz }, (_, k) => Array.from(sliceToFloat32(vol, k))).flat();
      expectClose(scaled, want.scaled, 1e-6);
      if (want.sform_code === 0 && want.qform_code === 0) {
        // NIfTI-1 method 1: pixdim scaling. nibabel returns its centred, x-flipped Analyze affine here.
        expect(vol.affine).toEqual([
          [vol.spacing[0], 0, 0, 0],
          [0, vol.spacing[1], 0, 0],
          [0, 0, vol.spacing[2], 0],
          [0, 0, 0, 1],
        ]);
        expect(vol.axcodes).toEqual(["R", "A", "S"]);
        expect(want.axcodes).toEqual(["L", "A", "S"]);
      } else {
        expectClose(vol.affine.flat(), want.affine.flat(), 1e-6);
        expect(vol.axcodes).toEqual(want.axcodes);
      }
    });
  }

  it("reads a qform-only file through the quaternion with qfac = -1 (k axis points inferior)", async () => {
    const vol = await readNifti(join(FIXTURES, "int16_qform_oblique.nii.gz"));
    expect(vol.axcodes).toEqual(["R", "A", "I"]);
    expect(vol.affine[2]![2]).toBeCloseTo(-3, 5);
    expect(vol.affine[1]![0]).toBeCloseTo(0.8 * Math.sin((20 * Math.PI) / 180), 5);
  });

  it("byte-swaps a big-endian file", async () => {
    const vol = await readNifti(join(FIXTURES, "uint16_bigendian.nii"));
    expect(vol.data).toBeInstanceOf(Uint16Array);
    expect(vol.data[vol.data.length - 1]).toBe(65535);
    expect(vol.data[1]).toBe(1111);
  });
});

describe("sliceToFloat32", () => {
  it("returns slice k with scaling applied, reusing the given buffer", async () => {
    const vol = await readNifti(join(FIXTURES, "int32_scaled.nii"));
    const want = nibabel["int32_scaled.nii"]!.scaled;
    const out = new Float32Array(20);
    const got = sliceToFloat32(vol, 2, out);
    expect(got).toBe(out);
    expectClose(Array.from(got), want.slice(40, 60), 1e-6);
    expect(() => sliceToFloat32(vol, 3)).toThrow(/outside 0..2/);
    expect(() => sliceToFloat32(vol, 0, new Float32Array(3))).toThrow(/a slice has 20/);
  });
});
