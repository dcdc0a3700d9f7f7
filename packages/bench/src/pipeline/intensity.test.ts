import type { Preprocessing } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import { describe, expect, it } from "vitest";
import { volumeOf } from "../testing/pipeline.ts";
import { intensityMap, needsVolumeStats } from "./intensity.ts";
import { volumeStats } from "./volume-stats.ts";

const pre = (intensity: Preprocessing["intensity"], scale = 1, offset = 0): Preprocessing => ({
  intensity,
  resize: [4, 4],
  channels: 1,
  scale,
  offset,
});
const apply = (m: ReturnType<typeof intensityMap>, x: number) =>
  Math.min(Math.max(x, m.lo), m.hi) * m.mul + m.add;

describe("intensity", () => {
  it("CT window level 40 width 400: clips to [-160, 240] and maps it onto [0, 1]", () => {
    const m = intensityMap(pre({ kind: "ct-window", level: 40, width: 400 }));
    expect([-1000, -160, 40, 140, 240, 3000].map((x) => apply(m, x))).toEqual([0, 0, 0.5, 0.75, 1, 1]);
  });

  it("folds x * scale + offset into the map (e.g. SAM-style [0, 255])", () => {
    const m = intensityMap(pre({ kind: "ct-window", level: 40, width: 400 }, 255, 0));
    expect(apply(m, 140)).toBeCloseTo(191.25, 10);
    const shifted = intensityMap(pre({ kind: "ct-window", level: 0, width: 100 }, 2, -1));
    expect(apply(shifted, 25)).toBeCloseTo(0.5, 10);
  });

  it("min-max: clips to the window if one is given, leaves scale and offset for after the per-slice step", () => {
    expect(intensityMap(pre({ kind: "min-max" }, 255, 1))).toEqual({
      lo: -Infinity,
      hi: Infinity,
      mul: 255,
      add: 1,
      perSlice: "min-max",
    });
    const m = intensityMap(pre({ kind: "min-max", window: { level: 40, width: 400 } }));
    expect([m.lo, m.hi, m.mul, m.add, m.perSlice]).toEqual([-160, 240, 1, 0, "min-max"]);
    expect(needsVolumeStats(pre({ kind: "min-max" }))).toBe(false);
  });

  it("z-score with fixed statistics does not clip", () => {
    const m = intensityMap(pre({ kind: "z-score", mean: 100, std: 50 }));
    expect([0, 100, 1100].map((x) => apply(m, x))).toEqual([-2, 0, 20]);
    expect(needsVolumeStats(pre({ kind: "z-score", mean: 100, std: 50 }))).toBe(false);
  });

  it("per-volume z-score asks for statistics, then uses them", () => {
    const p = pre({ kind: "z-score" });
    expect(needsVolumeStats(p)).toBe(true);
    expect(() => intensityMap(p)).toThrow(AppError);
    const m = intensityMap(p, { mean: 10, std: 2 });
    expect(apply(m, 14)).toBe(2);
    // nnU-Net's guard: a constant image divides by 1e-8, not by zero.
    expect(intensityMap(p, { mean: 5, std: 0 }).mul).toBe(1e8);
  });
});

describe("volumeStats", () => {
  it("population mean and std over all slices, with scl_slope / scl_inter applied", () => {
    // Slices of 0s and 100s: mean 50, std 50 in stored units.
    const vol = volumeOf([3, 2, 4], (_i, _j, k) => (k < 2 ? 0 : 100));
    expect(volumeStats(vol)).toEqual({ mean: 50, std: 50 });
    expect(volumeStats({ ...vol, slope: -2, inter: 7 })).toEqual({ mean: -93, std: 100 });
  });

  it("stays exact on CT-like offsets where the naive sum of squares would cancel", () => {
    // Float32 voxels around 1e6 with spread ±1: naive E[x^2] - E[x]^2 loses the variance entirely.
    const vol = volumeOf(
      [100, 100, 3],
      (i, j) => 1e6 + ((i + j) % 2 === 0 ? 1 : -1),
      new Float32Array(30_000),
    );
    const s = volumeStats(vol);
    expect(s.mean).toBeCloseTo(1e6, 6);
    expect(s.std).toBeCloseTo(1, 9);
  });
});
