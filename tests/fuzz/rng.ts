import { mulberry32 } from "@edgeseg/bench";

/** A seeded source of choices: the same seed gives the same inputs on every machine (mulberry32). */
export class Rng {
  private readonly next: () => number;
  constructor(readonly seed: number) {
    this.next = mulberry32(seed);
  }
  float(): number {
    return this.next();
  }
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)]!;
  }
  bytes(n: number): Buffer {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) out[i] = this.int(0, 255);
    return out;
  }
  /** Numbers that break parsers: extremes, non-finite values, off-by-one sizes. */
  nasty(): number {
    return this.pick([
      0,
      -1,
      1,
      -0,
      0.5,
      1.0000001,
      2 ** 31,
      -(2 ** 31),
      2 ** 32,
      2 ** 53,
      2 ** 53 + 2,
      1e300,
      -1e300,
      5e-324,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      32767,
      32768,
      65535,
      -32768,
      1e9,
    ]);
  }
}

/** A child seed per input, so input i of a family is the same whatever --count or --family says. */
export function inputSeed(seed: number, family: string, index: number): number {
  let h = seed >>> 0;
  for (const c of `${family}:${index}`) h = Math.imul(h ^ c.charCodeAt(0), 0x01000193) >>> 0;
  return h;
}
