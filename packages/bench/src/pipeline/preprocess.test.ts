import type { Preprocessing } from "@edgeseg/engine-core";
import { describe, expect, it } from "vitest";
import { intensityMap } from "./intensity.ts";
import { createSlicePreprocessor, minMaxNormalise } from "./preprocess.ts";

const manifestPre: Preprocessing = {
  intensity: { kind: "ct-window", level: 40, width: 400 },
  resize: [4, 2], // H = 4 rows, W = 2 columns
  channels: 3,
  scale: 255,
  offset: 0,
};

describe("createSlicePreprocessor", () => {
  it("windows, resizes rows and columns independently, scales, replicates channels, NCHW", () => {
    const pre = createSlicePreprocessor(manifestPre);
    expect([pre.channels, pre.height, pre.width, pre.itemSize]).toEqual([3, 4, 2, 24]);
    // Native slice: nx = 2 columns, ny = 2 rows; row 0 = [-160, 240] HU, row 1 = [240, 240].
    const slice = Float32Array.from([-160, 240, 240, 240]);
    const out = new Float32Array(2 * pre.itemSize).fill(-1);
    pre.write(slice, 2, 2, intensityMap(manifestPre), out, 1);
    // Window → [[0, 1], [1, 1]]; rows 2 → 4 at u = -0.25→0, 0.25, 0.75, 1.25→1; columns unchanged.
    const plane = [0, 1, 0.25, 1, 0.75, 1, 1, 1].map((v) => v * 255);
    expect([...out.subarray(24)]).toEqual([...plane, ...plane, ...plane]);
    expect(out.subarray(0, 24).every((v) => v === -1)).toBe(true);
  });

  it("reuses the caller's buffer and follows a change of native size", () => {
    const grey = { ...manifestPre, channels: 1, scale: 1 };
    const pre = createSlicePreprocessor(grey);
    const out = new Float32Array(pre.itemSize);
    const map = intensityMap(grey);
    pre.write(Float32Array.from([240, 240, 240, 240]), 2, 2, map, out, 0);
    expect([...out]).toEqual(new Array(8).fill(1));
    // 1 column × 4 rows now: a ramp down the rows must stay a ramp down the rows.
    pre.write(Float32Array.from([-160, -60, 40, 140]), 1, 4, map, out, 0);
    expect([...out]).toEqual([0, 0, 0.25, 0.25, 0.5, 0.5, 0.75, 0.75]);
  });

  it("rejects a slice shorter than nx * ny", () => {
    const pre = createSlicePreprocessor(manifestPre);
    expect(() =>
      pre.write(new Float32Array(3), 2, 2, intensityMap(manifestPre), new Float32Array(24), 0),
    ).toThrow(RangeError);
  });

  it("min-max: each resized slice onto [0, 1] by its own extremes, then scale and offset, every channel", () => {
    const minMax: Preprocessing = { ...manifestPre, intensity: { kind: "min-max" }, scale: 2, offset: -1 };
    const pre = createSlicePreprocessor(minMax);
    const out = new Float32Array(2 * pre.itemSize);
    // Rows 2 → 4 as in the first test: [[100, 300], [300, 300]] resizes to rows
    // [100, 300], [150, 300], [250, 300], [300, 300]; min 100, max 300 → (x - 100) / 200.
    pre.write(Float32Array.from([100, 300, 300, 300]), 2, 2, intensityMap(minMax), out, 0);
    const plane = [0, 1, 0.25, 1, 0.75, 1, 1, 1].map((v) => v * 2 - 1);
    expect([...out.subarray(0, 24)]).toEqual([...plane, ...plane, ...plane]);
    // Another slice with another range gets its own [0, 1]: the statistics are per slice.
    pre.write(Float32Array.from([-1000, -1000, -1000, 1000]), 2, 2, intensityMap(minMax), out, 1);
    const second = out.subarray(24, 32);
    expect(Math.min(...second)).toBe(-1);
    expect(Math.max(...second)).toBe(1);
  });

  it("min-max with a CT window clips before the resize, then normalises the resized slice", () => {
    const windowed: Preprocessing = {
      ...manifestPre,
      channels: 1,
      scale: 1,
      intensity: { kind: "min-max", window: { level: 40, width: 400 } },
    };
    const pre = createSlicePreprocessor(windowed);
    const out = new Float32Array(pre.itemSize);
    // Clipped to [-160, 240]: [[-160, 140], [240, 240]] (3000 HU → 240); resized rows as above;
    // min -160, max 240, range 400.
    pre.write(Float32Array.from([-1000, 140, 3000, 240]), 2, 2, intensityMap(windowed), out, 0);
    const rows = [-160, 140, -60, 165, 140, 215, 240, 240].map((v) => (v + 160) / 400);
    expect([...out].map((v) => Number(v.toFixed(6)))).toEqual(rows.map((v) => Number(v.toFixed(6))));
  });

  it("a constant slice divides by 1e-8, LiteMedSAM's guard, and becomes all zeros", () => {
    const plane = Float32Array.from([7, 7, 7, 7]);
    minMaxNormalise(plane, 0, 4, 1, 0);
    expect([...plane]).toEqual([0, 0, 0, 0]);
  });
});
