import { describe, expect, it } from "vitest";
import { caseSeed, createRng, sfc32 } from "./prng.ts";

const M = (1n << 32n) - 1n;

/** sfc32 written again from its definition with BigInt words, independent of the Int32 tricks. */
function sfc32Reference(state: bigint[]): () => bigint {
  let [a, b, c, d] = state as [bigint, bigint, bigint, bigint];
  return () => {
    const t = (a + b + d) & M;
    d = (d + 1n) & M;
    a = b ^ (b >> 9n);
    b = (c + (c << 3n)) & M;
    c = ((c << 21n) | (c >> 11n)) & M;
    c = (c + t) & M;
    return t;
  };
}

describe("sfc32", () => {
  it("matches a BigInt implementation of the definition for 10k outputs", () => {
    const words = [0x9e3779b9, 0xdeadbeef, 0x01234567, 0xfffffffe];
    const fast = sfc32(words[0]!, words[1]!, words[2]!, words[3]!);
    const ref = sfc32Reference(words.map(BigInt));
    for (let i = 0; i < 10_000; i++) expect(BigInt(fast())).toBe(ref());
  });
});

describe("createRng (splitmix32-seeded sfc32)", () => {
  it("reproduces its pinned sequence, so phantoms are the same on every platform", () => {
    const rng = createRng(12345);
    expect(Array.from({ length: 4 }, () => rng.nextU32())).toEqual([
      2142345551, 3083893245, 1997626643, 3123200824,
    ]);
  });

  it("is uniform: mean and variance of 100k draws match U(0, 1)", () => {
    const rng = createRng(7);
    let sum = 0;
    let sq = 0;
    const n = 100_000;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      if (u < 0 || u >= 1) throw new Error(`draw ${u} outside [0, 1)`);
      sum += u;
      sq += u * u;
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(sq / n - (sum / n) ** 2).toBeCloseTo(1 / 12, 3);
  });

  it("gives distinct streams for neighbouring seeds and case indices", () => {
    expect(createRng(1).nextU32()).not.toBe(createRng(2).nextU32());
    const seeds = new Set(Array.from({ length: 1000 }, (_, i) => caseSeed(42, i)));
    expect(seeds.size).toBe(1000);
  });
});
