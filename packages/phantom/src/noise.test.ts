import { describe, expect, it } from "vitest";
import { blur121 } from "./blur.ts";
import { addNoise } from "./noise.ts";
import { createRng } from "./prng.ts";

describe("addNoise", () => {
  it("adds zero-mean noise with the requested SD and a Gaussian-like kurtosis", () => {
    const data = new Float32Array(200_000).fill(40);
    addNoise(data, 12, createRng(3));
    let sum = 0;
    for (const v of data) sum += v;
    const mean = sum / data.length;
    let m2 = 0;
    let m4 = 0;
    for (const v of data) {
      m2 += (v - mean) ** 2;
      m4 += (v - mean) ** 4;
    }
    m2 /= data.length;
    m4 /= data.length;
    expect(mean).toBeCloseTo(40, 1);
    expect(Math.sqrt(m2)).toBeCloseTo(12, 0);
    // Irwin–Hall(4) has excess kurtosis −0.3 (a uniform −1.2, a Gaussian 0).
    expect(m4 / (m2 * m2) - 3).toBeCloseTo(-0.3, 1);
  });
});

describe("blur121", () => {
  it("spreads an impulse as [1,2,1]/4 along each axis and keeps the total", () => {
    const dims = [5, 5, 3] as const;
    const data = new Float32Array(75);
    data[2 + 5 * (2 + 5 * 1)] = 64;
    blur121(data, dims);
    const at = (i: number, j: number, k: number) => data[i + 5 * (j + 5 * k)];
    expect(at(2, 2, 1)).toBe(8); // 64 · (2/4)³
    expect(at(1, 2, 1)).toBe(4);
    expect(at(1, 1, 0)).toBe(1); // 64 · (1/4)³
    expect(data.reduce((a, b) => a + b, 0)).toBe(64);
  });
});
