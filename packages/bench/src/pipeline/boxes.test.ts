import { mulberry32 } from "@edgeseg/engine-core";
import { describe, expect, it } from "vitest";
import { boxesFromMask, boxToModel, jitterBox } from "./boxes.ts";
import { boxSeed } from "./prng.ts";
import { slicePrompts } from "./prompts.ts";

// Two slices of nx = 6 columns, ny = 4 rows.
const nx = 6;
const ny = 4;
const gt = new Uint8Array(nx * ny * 2);
gt[1 + nx * 2] = 3; // slice 0: label 3 at (i 1, j 2)
gt[4 + nx * 0] = 3; // and at (i 4, j 0)
gt[nx * ny + 5 + nx * 3] = 5; // slice 1: label 5 at (i 5, j 3)

describe("boxesFromMask", () => {
  it("tight inclusive boxes per label, x = column i, y = row j; null where absent", () => {
    expect(boxesFromMask(gt, 0, nx, ny, [3, 5])).toEqual([{ x0: 1, y0: 0, x1: 4, y1: 2 }, null]);
    expect(boxesFromMask(gt, nx * ny, nx, ny, [3, 5])).toEqual([null, { x0: 5, y0: 3, x1: 5, y1: 3 }]);
  });
});

describe("jitterBox", () => {
  it("enlarges each side by 0..jitterPx and clamps to the image", () => {
    const box = { x0: 1, y0: 1, x1: 4, y1: 2 };
    const draws = [0.99, 0, 0.5, 0.99]; // → 3, 0, 1, 3 with jitterPx 3
    let n = 0;
    expect(jitterBox(box, 3, () => draws[n++]!, nx, ny)).toEqual({ x0: 0, y0: 1, x1: 5, y1: 3 });
  });
});

describe("boxToModel", () => {
  it("scales x by W / nx and y by H / ny (not swapped)", () => {
    expect(boxToModel({ x0: 10, y0: 3, x1: 20, y1: 15 }, 40, 30, 64, 60)).toEqual([16, 6, 32, 30]);
  });
});

describe("mulberry32", () => {
  it("is a deterministic uniform stream in [0, 1)", () => {
    const a = mulberry32(2024);
    const b = mulberry32(2024);
    const xs = Array.from({ length: 10_000 }, () => a());
    expect(xs.slice(0, 5)).toEqual(Array.from({ length: 5 }, () => b()));
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(xs.reduce((s, x) => s + x, 0) / xs.length).toBeCloseTo(0.5, 1);
    expect(mulberry32(2025)()).not.toBe(xs[0]);
  });

  it("seeds each box from (seed, slice, label) only", () => {
    expect(boxSeed(1, 2, 3)).toBe(boxSeed(1, 2, 3));
    const seeds = new Set([boxSeed(1, 2, 3), boxSeed(1, 3, 2), boxSeed(2, 2, 3), boxSeed(1, 2, 4)]);
    expect(seeds.size).toBe(4);
  });
});

describe("slicePrompts", () => {
  const big = new Uint8Array(64 * 64);
  for (let j = 20; j < 40; j++) for (let i = 10; i < 30; i++) big[i + 64 * j] = 2;
  const prompts = (seed: number, labels = [2]) => slicePrompts(big, 0, 64, 64, labels, { jitterPx: 5, seed });

  it("same seed → same boxes; another seed → other boxes; never smaller than the tight box", () => {
    expect(prompts(7)).toEqual(prompts(7));
    const many = Array.from({ length: 8 }, (_, s) => JSON.stringify(prompts(s)));
    expect(new Set(many).size).toBeGreaterThan(1);
    for (let s = 0; s < 8; s++) {
      const b = prompts(s)[0]!;
      expect(b.x0).toBeLessThanOrEqual(10);
      expect(b.x0).toBeGreaterThanOrEqual(5);
      expect(b.x1).toBeGreaterThanOrEqual(29);
      expect(b.x1).toBeLessThanOrEqual(34);
      expect(b.y0).toBeGreaterThanOrEqual(15);
      expect(b.y1).toBeLessThanOrEqual(44);
    }
  });

  it("a box does not change when other organs are prompted too", () => {
    expect(prompts(7, [9, 2])[1]).toEqual(prompts(7)[0]);
    expect(prompts(7, [9, 2])[0]).toBeNull();
  });

  it("jitter 0 gives the tight box", () => {
    expect(slicePrompts(big, 0, 64, 64, [2], { jitterPx: 0, seed: 1 })).toEqual([
      { x0: 10, y0: 20, x1: 29, y1: 39 },
    ]);
  });
});
