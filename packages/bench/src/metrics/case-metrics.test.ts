import { describe, expect, it } from "vitest";
import { boxArea, boxMask } from "../testing/metrics.ts";
import { computeCaseMetrics } from "./case-metrics.ts";
import { computeDiceCoefficient } from "./dice.ts";
import { computeRobustHausdorff } from "./robust-hausdorff.ts";
import { computeSurfaceDiceAtTolerance } from "./surface-dice.ts";
import { computeSurfaceDistances } from "./surface-distances.ts";
import type { LabelVolume, Vec3 } from "./types.ts";

const dims: Vec3 = [12, 11, 10];
const spacing: Vec3 = [1, 1, 2.5];

/** Paints each [label, lo, hi] box into one label map of type `Typed`. */
function labelMap(
  boxes: [number, Vec3, Vec3][],
  Typed: new (n: number) => { [i: number]: number } = Int16Array,
) {
  const data = new Typed(dims[0] * dims[1] * dims[2]) as ArrayLike<number> & { [i: number]: number };
  for (const [label, lo, hi] of boxes) {
    const mask = boxMask(dims, lo, hi);
    for (let i = 0; i < mask.length; i++) if (mask[i]) data[i] = label;
  }
  return { dims, spacing, data } satisfies LabelVolume;
}

const gt = labelMap([
  [1, [1, 1, 1], [4, 4, 4]],
  [2, [6, 1, 1], [9, 5, 3]],
  [5, [1, 6, 5], [3, 9, 8]],
]);
const pred = labelMap([
  [1, [1, 1, 2], [4, 4, 5]], // shifted one voxel along k
  [2, [6, 1, 1], [9, 5, 3]], // exact
  [3, [8, 8, 8], [9, 9, 9]], // not in the ground truth
]);

describe("computeCaseMetrics", () => {
  it("scores every ground-truth label, in ascending order, with the hand-derived values", () => {
    const m = computeCaseMetrics(gt, pred);
    expect([...m.keys()]).toEqual([1, 2, 5]);
    const area = boxArea([4, 4, 4], spacing);
    expect(m.get(1)!.dice).toBe(0.75);
    expect(m.get(1)!.nsd).toBeCloseTo(1 - area.face(2) / area.total, 12);
    expect(m.get(1)!.hd95).toBe(2.5);
    expect(m.get(2)).toEqual({ dice: 1, nsd: 1, hd95: 0 });
    expect(m.get(5)).toEqual({ dice: 0, nsd: 0, hd95: null });
  });

  it("agrees with the mask-level functions on each label's binary masks", () => {
    const mask = (v: LabelVolume, label: number) => ({
      dims,
      data: Uint8Array.from(v.data, (x) => +(x === label)),
    });
    for (const [label, got] of computeCaseMetrics(gt, pred, { toleranceMm: 1 })) {
      const sd = computeSurfaceDistances(mask(gt, label), mask(pred, label), spacing);
      const hd95 = computeRobustHausdorff(sd, 95);
      expect(got.dice).toBe(computeDiceCoefficient(mask(gt, label), mask(pred, label)));
      expect(got.nsd).toBe(computeSurfaceDiceAtTolerance(sd, 1));
      expect(got.hd95).toBe(Number.isFinite(hd95) ? hd95 : null);
    }
  });

  it("reports requested labels missing from the ground truth (0, 0, null) or from both (1, 1, null)", () => {
    const m = computeCaseMetrics(gt, pred, { labels: [7, 3, 3] });
    expect([...m.entries()]).toEqual([
      [3, { dice: 0, nsd: 0, hd95: null }],
      [7, { dice: 1, nsd: 1, hd95: null }],
    ]);
  });

  it("widens NSD with the tolerance", () => {
    expect(computeCaseMetrics(gt, pred, { toleranceMm: 2.5 }).get(1)!.nsd).toBe(1);
    expect(computeCaseMetrics(gt, pred, { toleranceMm: 0 }).get(1)!.nsd).toBeLessThan(0.8);
  });

  it("reads float label maps and labels outside the 16-bit fast path", () => {
    const boxes: [number, Vec3, Vec3][] = [
      [2.5, [1, 1, 1], [4, 4, 4]],
      [70000, [6, 1, 1], [9, 5, 3]],
    ];
    const g = labelMap(boxes, Float32Array);
    const p = labelMap([[2.5, [1, 1, 2], [4, 4, 5]], boxes[1]!], Float32Array);
    const m = computeCaseMetrics(g, p);
    expect([...m.keys()]).toEqual([2.5, 70000]);
    expect(m.get(2.5)!.hd95).toBe(2.5);
    expect(m.get(70000)).toEqual({ dice: 1, nsd: 1, hd95: 0 });
  });

  it("rejects mismatched grids, bad spacing and label 0 with actionable errors", () => {
    const other = { dims: [12, 11, 9] as Vec3, spacing, data: new Int16Array(12 * 11 * 9) };
    expect(() => computeCaseMetrics(gt, other)).toThrow(
      /ground truth is 12×11×10 voxels but the prediction is 12×11×9/,
    );
    expect(() => computeCaseMetrics(gt, { ...pred, data: new Int16Array(5) })).toThrow(
      /needs 1320 voxel values/,
    );
    expect(() => computeCaseMetrics({ ...gt, spacing: [1, Number.NaN, 1] }, pred)).toThrow(/pixdim/);
    expect(() => computeCaseMetrics(gt, pred, { labels: [0] })).toThrow(/non-zero/);
    expect(() => computeCaseMetrics(gt, pred, { toleranceMm: -1 })).toThrow(/tolerance/);
  });
});
