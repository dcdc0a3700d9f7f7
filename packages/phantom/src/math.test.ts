import { describe, expect, it } from "vitest";
import { cosSin } from "./math.ts";

describe("cosSin", () => {
  it("agrees with Math.cos/Math.sin to 1e-12 over the angles the phantom draws (|θ| ≤ 1 rad)", () => {
    for (let k = -100; k <= 100; k++) {
      const theta = k / 100;
      const [c, s] = cosSin(theta);
      expect(Math.abs(c - Math.cos(theta))).toBeLessThan(1e-12);
      expect(Math.abs(s - Math.sin(theta))).toBeLessThan(1e-12);
    }
  });
});
