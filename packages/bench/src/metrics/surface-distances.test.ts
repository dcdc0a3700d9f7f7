import { describe, expect, it } from "vitest";
import { boxArea, boxMask } from "../testing/metrics.ts";
import { numpySum } from "./numpy-sum.ts";
import { computeRobustHausdorff } from "./robust-hausdorff.ts";
import { computeSurfaceDiceAtTolerance } from "./surface-dice.ts";
import { computeSurfaceDistances, computeSurfaceDistances2D } from "./surface-distances.ts";
import type { Vec3 } from "./types.ts";

const dims: Vec3 = [10, 10, 10];
const cube = boxMask(dims, [2, 2, 2], [5, 5, 5]);
/** How many surface points lie at each distance. */
function counts(values: Float64Array): Record<number, number> {
  const out: Record<number, number> = {};
  for (const v of values) out[v] = (out[v] ?? 0) + 1;
  return out;
}

describe("computeSurfaceDistances on boxes", () => {
  it.each<[Vec3, Vec3]>([
    [
      [1, 1, 1],
      [1, 1, 1],
    ],
    [
      [4, 4, 4],
      [1, 1, 2.5],
    ],
    [
      [3, 5, 2],
      [0.5, 0.8, 3],
    ],
    [
      [4, 4, 1],
      [0.7, 0.7, 5],
    ],
  ])("a %j box at spacing %j has the hand-derived area and no distance to itself", (n, spacing) => {
    const box = boxMask(dims, [1, 2, 3], [n[0], n[1] + 1, n[2] + 2]);
    const sd = computeSurfaceDistances({ dims, data: box }, { dims, data: box }, spacing);
    expect(numpySum(sd.surfelAreasGt)).toBeCloseTo(boxArea(n, spacing).total, 12);
    expect(sd.surfelAreasGt).toEqual(sd.surfelAreasPred);
    expect(sd.distancesGtToPred.every((d) => d === 0)).toBe(true);
    expect(computeSurfaceDiceAtTolerance(sd, 0)).toBe(1);
    expect(computeRobustHausdorff(sd, 95)).toBe(0);
  });

  it("measures a one-voxel shift along k with the k spacing (1 × 1 × 2.5 mm)", () => {
    const spacing: Vec3 = [1, 1, 2.5];
    const shifted = boxMask(dims, [2, 2, 3], [5, 5, 6]);
    const sd = computeSurfaceDistances({ dims, data: cube }, { dims, data: shifted }, spacing);
    // 5×5×5 corner lattice: the bottom face (25 points) lies 2.5 mm below the prediction; the top face's
    // interior is inside it, 1 mm (ring of 8) or 2 mm (centre) from its sides; the rest is shared.
    expect(counts(sd.distancesGtToPred)).toEqual({ 0: 64, 1: 8, 2: 1, 2.5: 25 });
    expect(counts(sd.distancesPredToGt)).toEqual({ 0: 64, 1: 8, 2: 1, 2.5: 25 });
    const area = boxArea([4, 4, 4], spacing);
    // Only the two 2.5 mm faces exceed 2 mm (≤ counts: the centre at exactly 2 mm is within tolerance).
    expect(computeSurfaceDiceAtTolerance(sd, 2)).toBeCloseTo(1 - area.face(2) / area.total, 12);
    expect(computeSurfaceDiceAtTolerance(sd, 2.5)).toBe(1);
    expect(area.face(2) / area.total).toBeGreaterThan(0.05);
    expect(computeRobustHausdorff(sd, 95)).toBe(2.5);
  });

  it("measures a one-voxel shift along i with the i spacing (0.5 × 1 × 2.5 mm)", () => {
    const spacing: Vec3 = [0.5, 1, 2.5];
    const shifted = boxMask(dims, [3, 2, 2], [6, 5, 5]);
    const sd = computeSurfaceDistances({ dims, data: cube }, { dims, data: shifted }, spacing);
    expect(counts(sd.distancesGtToPred)).toEqual({ 0: 64, 0.5: 34 });
    const area = boxArea([4, 4, 4], spacing);
    // 0.5 mm away: the whole i = 2 face, and the interior of the far i face (inside the prediction,
    // 0.5 mm from its end face).
    const far = area.face(0) + area.faceInterior(0);
    expect(computeSurfaceDiceAtTolerance(sd, 0.4)).toBeCloseTo(1 - far / area.total, 12);
    expect(computeSurfaceDiceAtTolerance(sd, 0.5)).toBe(1);
    expect(computeRobustHausdorff(sd, 95)).toBe(0.5);
  });

  it("closes a single-slice volume with its top and bottom faces", () => {
    const flat: Vec3 = [10, 10, 1];
    const spacing: Vec3 = [0.7, 0.7, 5];
    const gt = boxMask(flat, [2, 2, 0], [5, 5, 0]);
    const pred = boxMask(flat, [2, 3, 0], [5, 6, 0]);
    const sd = computeSurfaceDistances({ dims: flat, data: gt }, { dims: flat, data: pred }, spacing);
    const area = boxArea([4, 4, 1], spacing);
    expect(numpySum(sd.surfelAreasGt)).toBeCloseTo(area.total, 12);
    expect(counts(sd.distancesGtToPred)).toEqual({ 0: 40, 0.7: 10 });
    expect(computeSurfaceDiceAtTolerance(sd, 0.5)).toBeCloseTo(1 - area.face(1) / area.total, 12);
    expect(computeRobustHausdorff(sd, 95)).toBe(0.7);
  });

  it("reports Infinity distances towards an empty prediction, and nothing for two empty masks", () => {
    const empty = new Uint8Array(cube.length);
    const sd = computeSurfaceDistances({ dims, data: cube }, { dims, data: empty }, [1, 1, 1]);
    expect(sd.distancesGtToPred).toHaveLength(98);
    expect(sd.distancesGtToPred.every((d) => d === Number.POSITIVE_INFINITY)).toBe(true);
    expect(sd.surfelAreasPred).toHaveLength(0);
    expect(computeSurfaceDiceAtTolerance(sd, 2)).toBe(0);
    expect(computeRobustHausdorff(sd, 95)).toBe(Number.POSITIVE_INFINITY);
    const none = computeSurfaceDistances({ dims, data: empty }, { dims, data: empty }, [1, 1, 1]);
    expect(none.distancesGtToPred).toHaveLength(0);
    expect(computeSurfaceDiceAtTolerance(none, 2)).toBeNaN();
    expect(computeRobustHausdorff(none, 95)).toBe(Number.POSITIVE_INFINITY);
  });

  it("rejects masks of different shapes and non-positive spacing", () => {
    const small = { dims: [2, 2, 2] as Vec3, data: new Uint8Array(8) };
    expect(() => computeSurfaceDistances({ dims, data: cube }, small, [1, 1, 1])).toThrow(
      /resample the prediction/,
    );
    expect(() => computeSurfaceDistances(small, small, [1, 0, 1])).toThrow(/pixdim/);
  });
});

describe("computeSurfaceDistances2D", () => {
  it("uses the 2×2 contour lengths and measures along each axis with its spacing", () => {
    const [s0, s1] = [0.5, 2];
    const grid = (lo: [number, number]) => {
      const m = new Uint8Array(8 * 8);
      for (let j = lo[1]; j < lo[1] + 3; j++) for (let i = lo[0]; i < lo[0] + 3; i++) m[i + 8 * j] = 1;
      return { dims: [8, 8] as const, data: m };
    };
    const sd = computeSurfaceDistances2D(grid([2, 2]), grid([2, 3]), [s0, s1]);
    // 3×3 pixels: two points of straight contour per side, four corner points cut at 45°.
    const perimeter = 4 * 0.5 * Math.hypot(s0, s1) + 2 * 2 * s0 + 2 * 2 * s1;
    expect(numpySum(sd.surfelAreasGt)).toBeCloseTo(perimeter, 12);
    // 4×4 corner lattice: the j = 2 row is 2 mm from the prediction; the two inner points of the top row
    // are inside it, 0.5 mm (one i step) from its sides; the rest lies on its contour.
    expect(counts(sd.distancesGtToPred)).toEqual({ 0: 6, 0.5: 2, 2: 4 });
    expect(computeRobustHausdorff(sd, 100)).toBe(2);
  });
});
