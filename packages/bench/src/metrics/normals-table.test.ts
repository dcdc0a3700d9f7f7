import { describe, expect, it } from "vitest";
import { NEIGHBOUR_CODE_TO_NORMALS } from "./normals-table.ts";
import { surfaceAreaTable } from "./surfel-area.ts";

describe("NEIGHBOUR_CODE_TO_NORMALS", () => {
  it("has one entry per 2×2×2 code, 734 triangles in all", () => {
    expect(NEIGHBOUR_CODE_TO_NORMALS).toHaveLength(256);
    expect(NEIGHBOUR_CODE_TO_NORMALS.reduce((n, e) => n + e.length, 0)).toBe(734);
  });

  // Inside and outside swap under complement, the surface does not: a transcription slip breaks this.
  it("gives a code and its complement the same surfel area at any spacing", () => {
    const table = surfaceAreaTable([0.7, 1.3, 2.9]);
    for (let code = 0; code < 256; code++) expect(table[code]).toBeCloseTo(table[255 - code]!, 12);
  });

  it("gives flat faces the voxel face area and a lone corner one eighth of its triangle", () => {
    const [s0, s1, s2] = [0.5, 2, 3];
    const table = surfaceAreaTable([s0, s1, s2]);
    expect(table[0]).toBe(0);
    expect(table[255]).toBe(0);
    expect(table[0b00001111]).toBe(s1 * s2); // d0 = 0 half filled: face orthogonal to axis 0
    expect(table[0b00110011]).toBe(s0 * s2); // d1 = 0 half filled: face orthogonal to axis 1
    expect(table[0b01010101]).toBe(s0 * s1); // d2 = 0 half filled: face orthogonal to axis 2
    expect(table[1]).toBeCloseTo(0.125 * Math.hypot(s1 * s2, s0 * s2, s0 * s1), 12);
  });
});
