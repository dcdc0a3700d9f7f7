import { describe, expect, it } from "vitest";
import { type ParetoPoint, paretoFront } from "./pareto.ts";

const pt = (id: string, accuracy: number | null, timeMs: number | null): ParetoPoint => ({
  id,
  accuracy,
  timeMs,
});

/** The definition itself, O(n²): p is on the front when no q is at least as good in both and better in one. */
function bruteForce(points: ParetoPoint[]): string[] {
  const ok = points.filter((p) => p.accuracy !== null && p.timeMs !== null) as {
    id: string;
    accuracy: number;
    timeMs: number;
  }[];
  return ok
    .filter(
      (p) =>
        !ok.some(
          (q) =>
            q.accuracy >= p.accuracy &&
            q.timeMs <= p.timeMs &&
            (q.accuracy > p.accuracy || q.timeMs < p.timeMs),
        ),
    )
    .map((p) => p.id);
}

describe("paretoFront", () => {
  it("returns nothing for no points and the one point for one", () => {
    expect(paretoFront([])).toEqual([]);
    expect(paretoFront([pt("only", 0.5, 100)])).toEqual(["only"]);
  });

  it("keeps every one of identical points (none dominates another)", () => {
    expect(paretoFront([pt("b", 0.8, 50), pt("a", 0.8, 50), pt("worse", 0.7, 60)])).toEqual(["a", "b"]);
  });

  it("keeps only the head of a dominated chain", () => {
    // best dominates mid (more accurate and faster), mid dominates low.
    expect(paretoFront([pt("low", 0.6, 300), pt("mid", 0.7, 200), pt("best", 0.8, 100)])).toEqual(["best"]);
  });

  it("returns a trade-off front fastest first", () => {
    const points = [
      pt("accurate-slow", 0.92, 900),
      pt("dominated", 0.8, 500),
      pt("fast-rough", 0.7, 50),
      pt("balanced", 0.85, 200),
    ];
    expect(paretoFront(points)).toEqual(["fast-rough", "balanced", "accurate-slow"]);
  });

  it("drops the slower of equally accurate points and the less accurate of equally fast ones", () => {
    expect(paretoFront([pt("slower", 0.8, 200), pt("faster", 0.8, 100)])).toEqual(["faster"]);
    expect(paretoFront([pt("rougher", 0.7, 100), pt("sharper", 0.8, 100)])).toEqual(["sharper"]);
  });

  it("leaves out points missing a number and returns an id given twice once", () => {
    expect(
      paretoFront([
        pt("no-time", 0.99, null),
        pt("no-acc", null, 1),
        pt("nan", Number.NaN, 1),
        pt("ok", 0.5, 9),
      ]),
    ).toEqual(["ok"]);
    expect(paretoFront([pt("dup", 0.8, 10), pt("dup", 0.8, 10)])).toEqual(["dup"]);
  });

  it("agrees with the definition on random points with many ties", () => {
    let seed = 12345;
    const next = () => {
      seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff; // glibc's LCG constants, exact in 32 bits
      return seed / 2 ** 31;
    };
    for (let trial = 0; trial < 200; trial++) {
      // A coarse grid (5 × 5 values) makes equal times, equal accuracies and identical points common.
      const points = Array.from({ length: 1 + Math.floor(next() * 12) }, (_, i) =>
        pt(`p${i}`, Math.floor(next() * 5) / 4, Math.floor(next() * 5) * 100),
      );
      expect(new Set(paretoFront(points))).toEqual(new Set(bruteForce(points)));
    }
  });
});
