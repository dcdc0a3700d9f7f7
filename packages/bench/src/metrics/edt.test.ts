import { describe, expect, it } from "vitest";
import { squaredEdt } from "./edt.ts";
import type { Vec3 } from "./types.ts";

/** Brute force: min over all features of ((Δ0·s0)² + (Δ1·s1)²) + (Δ2·s2)². */
function bruteForce(features: Uint8Array, size: Vec3, s: Vec3): Float64Array {
  const [n0, n1] = size;
  const coords = (p: number) => [p % n0, Math.floor(p / n0) % n1, Math.floor(p / (n0 * n1))] as const;
  const fs = [...features.keys()].filter((p) => features[p]).map(coords);
  return Float64Array.from(features, (_, p) => {
    const [x, y, z] = coords(p);
    let best = Number.POSITIVE_INFINITY;
    for (const [fx, fy, fz] of fs) {
      const a = (x - fx) * s[0];
      const b = (y - fy) * s[1];
      const c = (z - fz) * s[2];
      best = Math.min(best, a * a + b * b + c * c);
    }
    return best;
  });
}

describe("squaredEdt", () => {
  it("measures along each axis with that axis's spacing", () => {
    const grid = new Uint8Array(4 * 3 * 2);
    grid[0] = 1; // feature at (0, 0, 0)
    const d = squaredEdt(grid, [4, 3, 2], [0.5, 2, 3]);
    expect(d[3]).toBe(1.5 * 1.5); // (3, 0, 0)
    expect(d[4 * 2]).toBe(4 * 4); // (0, 2, 0)
    expect(d[12]).toBe(9); // (0, 0, 1)
    expect(d[3 + 4 * 2 + 12]).toBe(2.25 + 16 + 9); // (3, 2, 1)
  });

  it("is Infinity everywhere without features", () => {
    expect([...squaredEdt(new Uint8Array(6), [3, 2, 1], [1, 1, 1])]).toEqual(
      Array(6).fill(Number.POSITIVE_INFINITY),
    );
  });

  it("equals brute force exactly on random anisotropic grids", () => {
    let seed = 7;
    const rnd = () => {
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    };
    for (let t = 0; t < 40; t++) {
      const size: Vec3 = [1 + Math.floor(rnd() * 9), 1 + Math.floor(rnd() * 9), 1 + Math.floor(rnd() * 6)];
      const spacing: Vec3 = [0.3 + rnd() * 3, 0.3 + rnd() * 3, 0.3 + rnd() * 3];
      const density = rnd() * 0.2;
      const features = Uint8Array.from({ length: size[0] * size[1] * size[2] }, () =>
        rnd() < density ? 1 : 0,
      );
      expect(squaredEdt(features, size, spacing)).toEqual(bruteForce(features, size, spacing));
    }
  });
});
