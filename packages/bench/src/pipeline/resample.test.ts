import { describe, expect, it } from "vitest";
import { linearAxis, nearestAxis } from "./axis.ts";
import { createResampler } from "./resample.ts";

const bilinear = (src: number[], sw: number, sh: number, dw: number, dh: number) => {
  const out = new Float32Array(dw * dh);
  createResampler(sw, sh, dw, dh).bilinear(Float32Array.from(src), 0, out, 0);
  return [...out];
};

describe("bilinear resize (PyTorch align_corners=False)", () => {
  it("upsamples 2 → 4 by hand: u = (d + 0.5) / 2 - 0.5, clamped at 0", () => {
    // u = -0.25 (clamped to 0), 0.25, 0.75, 1.25 (past the last pixel) → 0, 2.5, 7.5, 10
    expect(bilinear([0, 10], 2, 1, 4, 1)).toEqual([0, 2.5, 7.5, 10]);
  });

  it("downsamples 4 → 2 by averaging pixel pairs (u = 0.5, 2.5), without antialiasing", () => {
    expect(bilinear([0, 1, 2, 6], 4, 1, 2, 1)).toEqual([0.5, 4]);
  });

  it("keeps rows as rows on a non-square image: a ramp along i stays along the columns", () => {
    // value = i + 100 j on 3 columns × 2 rows; resized to 3 columns × 4 rows only rows are interpolated.
    const out = bilinear([0, 1, 2, 100, 101, 102], 3, 2, 3, 4);
    expect(out).toEqual([0, 1, 2, 25, 26, 27, 75, 76, 77, 100, 101, 102]);
  });

  it("matches torch 1.13 F.interpolate on a 5×3 → 7×4 image", () => {
    const src = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8, 9, 7, 9];
    // /usr/bin/python3: F.interpolate(src.view(1,1,3,5), size=(4,7), mode="bilinear", align_corners=False)
    const torch = [
      3.0, 1.8571428, 1.8571429, 3.9999998, 1.8571427, 2.7142861, 5.0, 6.75, 3.8214285, 2.6607144, 5.2499995,
      3.9999998, 3.6071429, 3.75, 7.5, 5.6428571, 5.0714288, 7.1249995, 6.1428571, 5.5357141, 5.25, 5.0,
      6.7142854, 8.2857141, 9.0, 7.5714283, 7.8571429, 9.0,
    ];
    const out = bilinear(src, 5, 3, 7, 4);
    for (const [n, v] of out.entries()) expect(v).toBeCloseTo(torch[n]!, 5);
  });

  it("matches torch on a 6×5 → 3×2 downsample", () => {
    const src = Array.from({ length: 30 }, (_, n) => n ** 1.5);
    const torch = [
      12.581449508666992, 19.613353729248047, 27.93716049194336, 90.01691436767578, 103.73763275146484,
      118.10145568847656,
    ];
    const out = bilinear(src, 6, 5, 3, 2);
    for (const [n, v] of out.entries()) expect(v).toBeCloseTo(torch[n]!, 4);
  });

  it("clips each tap before interpolating and applies the affine after", () => {
    // taps clipped to [0, 100] → (0 + 100) / 2 = 50 → 50 * 0.01 + 1 = 1.5
    const out = new Float32Array(1);
    createResampler(2, 1, 1, 1).bilinear(Float32Array.from([-1000, 1000]), 0, out, 0, {
      lo: 0,
      hi: 100,
      mul: 0.01,
      add: 1,
    });
    expect(out[0]).toBeCloseTo(1.5, 6);
  });
});

describe("tap tables", () => {
  it("linear: weights follow u - floor(u), last pixel has no upper tap", () => {
    const { i0, i1, w1 } = linearAxis(2, 4);
    expect([...i0]).toEqual([0, 0, 0, 1]);
    expect([...i1]).toEqual([1, 1, 1, 1]);
    expect([...w1]).toEqual([0, 0.25, 0.75, 0]);
  });

  it("nearest is PyTorch's nearest-exact: floor((d + 0.5) * in / out)", () => {
    // torch: F.interpolate(arange(7), size=3, mode="nearest-exact") = [1, 3, 5]
    expect([...nearestAxis(7, 3)]).toEqual([1, 3, 5]);
    expect([...nearestAxis(3, 5)]).toEqual([0, 0, 1, 2, 2]);
    expect([...nearestAxis(2, 3)]).toEqual([0, 1, 1]);
    // A centre exactly on an edge ((0 + 0.5) * 2 / 1 = 1) goes to the upper pixel.
    expect([...nearestAxis(2, 1)]).toEqual([1]);
  });

  it("nearest resamples a label image with a lookup table, rows and columns kept apart", () => {
    const src = Uint8Array.from([0, 1, 2, 3, 4, 5]); // 3 columns × 2 rows
    const lut = Uint8Array.from({ length: 256 }, (_, v) => v * 10);
    const out = new Uint8Array(2 + 15);
    createResampler(3, 2, 5, 3).nearest(src, 0, out, 2, lut);
    // torch nearest-exact of [[0,1,2],[3,4,5]] to 3×5: rows [0,1,1], columns [0,0,1,2,2]
    expect([...out.subarray(2)]).toEqual([0, 0, 10, 20, 20, 30, 30, 40, 50, 50, 30, 30, 40, 50, 50]);
    expect([...out.subarray(0, 2)]).toEqual([0, 0]);
  });
});
