import { describe, expect, it } from "vitest";
import { generatePhantomCase } from "./case.ts";
import { organStats } from "./organ-stats.ts";
import { caseSpec } from "./splits.ts";

const small = { dims: [96, 96, 40], spacing: [4.2, 4.2, 2.5] } as const;

describe("generatePhantomCase", () => {
  it("is deterministic: the same seed gives identical voxels and labels", () => {
    const a = generatePhantomCase(99, small);
    const b = generatePhantomCase(99, small);
    expect(Buffer.from(a.image.buffer).equals(Buffer.from(b.image.buffer))).toBe(true);
    expect(Buffer.from(a.label).equals(Buffer.from(b.label))).toBe(true);
  });

  it("varies anatomy between seeds (organ volumes differ by several percent)", () => {
    const [a, b] = [1, 2].map((seed) => {
      const c = generatePhantomCase(seed, small);
      return organStats(c.image, c.label, small.dims);
    }) as [ReturnType<typeof organStats>, ReturnType<typeof organStats>];
    expect(Math.abs(a.count[1]! - b.count[1]!) / a.count[1]!).toBeGreaterThan(0.03);
  });

  it("puts air outside the body and bone in the spine", () => {
    const c = generatePhantomCase(caseSpec("train", 0).seed);
    const [nx, ny] = c.dims;
    const at = (i: number, j: number, k: number) => c.image[i + nx * (j + ny * k)]!;
    expect(at(2, 2, 20)).toBeLessThan(-950);
    // Column through the midline, from the back: the spinous process / vertebra reach bone HU.
    let maxBone = -2000;
    for (let j = ny / 2; j < ny; j++) maxBone = Math.max(maxBone, at(nx / 2, j, 20));
    expect(maxBone).toBeGreaterThan(300);
  });

  it("contains all eight organs in the first training cases too", () => {
    for (let n = 0; n < 3; n++) {
      const spec = caseSpec("train", n);
      const c = generatePhantomCase(spec.seed, spec);
      const stats = organStats(c.image, c.label, c.dims);
      for (let l = 1; l <= 8; l++) expect(stats.count[l], `${spec.id} label ${l}`).toBeGreaterThan(1000);
    }
  });
});
