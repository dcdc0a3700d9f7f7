import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readLabelVolume } from "../testing/metrics.ts";
import { computeCaseMetrics } from "./case-metrics.ts";
import type { Vec3 } from "./types.ts";

// Values computed by DeepMind's surface-distance library on these files (see fixtures/metrics-reference).
const root = join(import.meta.dirname, "../../fixtures/metrics-reference");
type Expected = { dice: number; nsd: number; hd95: number | null };
const cases: Record<string, { ext: string; spacing: Vec3; labels: Record<string, Expected> }> = JSON.parse(
  readFileSync(join(root, "expected.json"), "utf8"),
);

async function load(name: string) {
  const { ext } = cases[name]!;
  return [
    await readLabelVolume(join(root, name, `label${ext}`)),
    await readLabelVolume(join(root, name, `pred${ext}`)),
  ];
}

describe("computeCaseMetrics against surface-distance", () => {
  it.each(Object.keys(cases))("%s: header spacing, published tolerances", async (name) => {
    const [gt, pred] = await load(name);
    const want = cases[name]!;
    for (const [a, s] of gt!.spacing.entries()) expect(s).toBeCloseTo(want.spacing[a]!, 6);
    const got = computeCaseMetrics(gt!, pred!);
    expect([...got.keys()]).toEqual(Object.keys(want.labels).map(Number));
    for (const [label, w] of Object.entries(want.labels)) {
      const m = got.get(Number(label))!;
      expect(Math.abs(m.dice - w.dice)).toBeLessThan(1e-6);
      expect(Math.abs(m.nsd - w.nsd)).toBeLessThan(1e-3);
      if (w.hd95 === null) expect(m.hd95).toBeNull();
      else expect(Math.abs(m.hd95! - w.hd95)).toBeLessThan(1e-2);
    }
  });

  // With the exact spacing the reference used, edgeseg reproduces the library to rounding error.
  it.each(Object.keys(cases))("%s: reference spacing, 1e-12", async (name) => {
    const [gt, pred] = await load(name);
    const want = cases[name]!;
    const got = computeCaseMetrics({ ...gt!, spacing: want.spacing }, pred!);
    for (const [label, w] of Object.entries(want.labels)) {
      const m = got.get(Number(label))!;
      expect(m.dice).toBeCloseTo(w.dice, 12);
      expect(m.nsd).toBeCloseTo(w.nsd, 12);
      if (w.hd95 === null) expect(m.hd95).toBeNull();
      else expect(m.hd95).toBeCloseTo(w.hd95, 12);
    }
  });
});
