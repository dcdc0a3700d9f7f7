import { describe, expect, it } from "vitest";
import type { Preprocessing } from "../manifest/schema.ts";
import { intensityMap } from "./intensity.ts";
import { createSlicePreprocessor } from "./preprocess.ts";

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
});
