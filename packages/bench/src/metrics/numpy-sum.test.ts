import { describe, expect, it } from "vitest";
import { numpySum } from "./numpy-sum.ts";

// Expected values printed by NumPy 1.24 `float(np.sum(x))`; a left-to-right sum gives the second column.
describe("numpySum", () => {
  it.each([
    [100, 9.999999999999998, 9.99999999999998],
    [1000, 100.00000000000001, 99.9999999999986],
    [10000, 1000.0000000000002, 1000.0000000001588],
    [20000, 2000.0000000000005, 1999.9999999992765],
  ])("sums %i × 0.1 the way np.sum does", (n, numpy, sequential) => {
    const x = new Float64Array(n).fill(0.1);
    expect(numpySum(x)).toBe(numpy);
    expect(x.reduce((a, b) => a + b, 0)).toBe(sequential);
  });

  it("sums a prefix as np.sum sums the masked copy", () => {
    const x = Float64Array.from({ length: 30000 }, (_, i) => (i % 17) * 0.37 + 1e-3 * i);
    expect(numpySum(x)).toBe(538773.8999999999);
    expect(numpySum(x, 0, 12345)).toBe(112726.77);
    expect(numpySum(x, 0, 0)).toBe(0);
  });
});
