import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { Session } from "@edgeseg/engine-core";
import { type Semantic3dPatchManifest, semantic3dPatchManifestSchema } from "@edgeseg/engine-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { NiftiVolume } from "../../nifti/types.ts";
import { fixtureModels, openFixtureSession, readFixtureManifest, volumeOf } from "../../testing/pipeline.ts";
import { computeGaussian } from "./gaussian.ts";
import { createSemantic3d } from "./semantic3d.ts";
import { computeSteps, resampledShape, roundHalfEven } from "./steps.ts";

const python = "/usr/bin/python3";
const reference = fileURLToPath(new URL("../../../reference/sliding_window.py", import.meta.url));
const hasNumpy = spawnSync(python, ["-c", "import numpy, scipy"], { encoding: "utf8" }).status === 0;

describe("sliding-window geometry (nnU-Net's functions)", () => {
  it("places tiles as compute_steps_for_sliding_window, rounding halves to even as np.round", () => {
    // 45 voxels, tile 16, step 8: ceil(29 / 8) + 1 = 5 tiles, 7.25 apart; 14.5 rounds to 14.
    expect(computeSteps([45, 38, 32], [16, 24, 20], 0.5)).toEqual([
      [0, 7, 14, 22, 29],
      [0, 7, 14],
      [0, 6, 12],
    ]);
    expect(computeSteps([16, 24, 20], [16, 24, 20], 0.5)).toEqual([[0], [0], [0]]);
    expect([0.5, 1.5, 2.5, 14.5, 21.75].map(roundHalfEven)).toEqual([0, 2, 2, 14, 22]);
    expect(resampledShape([36, 48, 40], [2.5, 0.8, 0.8], [2, 1, 1])).toEqual([45, 38, 32]);
  });

  it("weights tiles with compute_gaussian: 10 at the centre, symmetric, sigma = size / 8", () => {
    const g = computeGaussian([16, 24, 20]);
    const at = (z: number, y: number, x: number) => g[(z * 24 + y) * 20 + x]!;
    expect(at(8, 12, 10)).toBe(10);
    expect(at(7, 12, 10)).toBeCloseTo(at(9, 12, 10), 6);
    // One voxel off the centre along z (sigma 2): exp(-1/8) of the peak.
    expect(at(9, 12, 10)).toBeCloseTo(10 * Math.exp(-1 / 8), 5);
    expect(Math.min(...g)).toBeGreaterThan(0);
  });
});

describe("createSemantic3d", () => {
  it("refuses, in one line, a patch size that is not the graph input's", async () => {
    const session = await openFixtureSession("patch3d-tiny", "model.onnx");
    try {
      const base = semantic3dPatchManifestSchema.parse(readFixtureManifest("patch3d-tiny"));
      const manifest = {
        ...base,
        slidingWindow: { ...base.slidingWindow, patchSize: [16, 24, 24] as [number, number, number] },
      };
      expect(() => createSemantic3d(session, manifest)).toThrow(
        /^model patch3d-tiny: input "image" is float32 \[batch, 1, 16, 24, 20\] but channels and slidingWindow\.patchSize make float32 \[N, 1, 16, 24, 24\]; make them match the graph$/,
      );
    } finally {
      await session.release();
    }
  });
});

/** A phantom on a [nx, ny, nz] grid: two organs of different HU in a textured background. */
function phantom(dims: [number, number, number], spacing: [number, number, number]): NiftiVolume {
  const [nx, ny, nz] = dims;
  const volume = volumeOf(
    dims,
    (i, j, k) => {
      const r1 =
        ((i - nx * 0.35) / (nx * 0.2)) ** 2 +
        ((j - ny * 0.5) / (ny * 0.25)) ** 2 +
        ((k - nz * 0.5) / (nz * 0.3)) ** 2;
      const r2 =
        ((i - nx * 0.72) / (nx * 0.12)) ** 2 +
        ((j - ny * 0.4) / (ny * 0.15)) ** 2 +
        ((k - nz * 0.45) / (nz * 0.25)) ** 2;
      const texture = 30 * Math.sin(i * 0.7) * Math.cos(j * 0.45 + k * 0.3);
      return (r1 < 1 ? 70 : r2 < 1 ? 190 : -60) + texture;
    },
    new Float32Array(nx * ny * nz),
  );
  return { ...volume, spacing };
}

interface ReferenceOutput {
  logits: Float32Array;
  labels: Uint8Array;
  margin: Float32Array;
  meta: { padded: number[]; steps: number[][]; classes: number };
}

async function runReference(
  dir: string,
  volume: NiftiVolume,
  manifest: Semantic3dPatchManifest,
): Promise<ReferenceOutput> {
  await writeFile(path.join(dir, "image.f32"), volume.data as Float32Array);
  await writeFile(
    path.join(dir, "config.json"),
    JSON.stringify({
      dims: volume.dims,
      spacing: volume.spacing,
      slidingWindow: manifest.slidingWindow,
      intensity: manifest.preprocessing.intensity,
      weights: `${fixtureModels}patch3d-tiny/weights.json`,
    }),
  );
  const args = [reference, dir, ...(manifest.slidingWindow.mirroring ? ["--mirroring"] : [])];
  const run = spawnSync(python, args, { encoding: "utf8" });
  expect(run.stderr).toBe("");
  expect(run.status).toBe(0);
  const f32 = async (name: string) =>
    new Float32Array((await readFile(path.join(dir, name))).buffer.slice(0));
  return {
    logits: await f32("logits.f32"),
    labels: new Uint8Array(await readFile(path.join(dir, "labels.u8"))),
    margin: await f32("margin.f32"),
    meta: JSON.parse(await readFile(path.join(dir, "meta.json"), "utf8")),
  };
}

describe.skipIf(!hasNumpy)(
  "semantic-3d-patch against the numpy reference (reference/sliding_window.py)",
  () => {
    let session: Session;
    let work: string;
    const base = semantic3dPatchManifestSchema.parse(readFixtureManifest("patch3d-tiny"));
    beforeAll(async () => {
      session = await openFixtureSession("patch3d-tiny", "model.onnx");
      work = await mkdtemp(path.join(tmpdir(), "edgeseg-patch3d-"));
    });
    afterAll(async () => {
      await session.release();
      await rm(work, { recursive: true, force: true });
    });

    const cases: [string, [number, number, number], [number, number, number], boolean][] = [
      // Anisotropic CT-like grid: resampled to 45 × 38 × 32 (z, y, x), 5 × 3 × 3 tiles in batches of 4.
      ["40×48×36 at 0.8×0.8×2.5 mm", [40, 48, 36], [0.8, 0.8, 2.5], false],
      // Smaller than the patch along z and y (padded), with test-time mirroring on.
      ["20×16×10 at 1 mm, mirrored", [20, 16, 10], [1, 1, 1], true],
    ];
    it.each(cases)(
      "%s: same tiles, logits within 1e-5, same labels except ties",
      async (name, dims, spacing, mirroring) => {
        const manifest = { ...base, slidingWindow: { ...base.slidingWindow, mirroring } };
        const volume = phantom(dims, spacing);
        const dir = await mkdtemp(path.join(work, "case-"));
        const ref = await runReference(dir, volume, manifest);

        const pipeline = createSemantic3d(session, manifest);
        const prepared = pipeline.prepareVolume(volume);
        expect([...prepared.grid.padded]).toEqual(ref.meta.padded);
        const zs = [...new Set(prepared.origins.map((o) => o[0]))];
        expect(zs).toEqual(ref.meta.steps[0]);
        expect(prepared.origins.length).toBe(ref.meta.steps.reduce((n, s) => n * s.length, 1));

        const window = await pipeline.predictLogits(prepared);
        expect(window.classes).toBe(3);
        expect(window.logits.length).toBe(ref.logits.length);
        let worst = 0;
        for (let n = 0; n < ref.logits.length; n++)
          worst = Math.max(worst, Math.abs(window.logits[n]! - ref.logits[n]!));
        expect(worst).toBeLessThan(1e-5);

        const { labels, patches, timing } = await pipeline.segmentVolume(volume, {
          labelMap: new Map([
            [1, 1],
            [2, 2],
          ]),
        });
        expect(patches).toBe(prepared.origins.length);
        expect(timing.inferMs).toBeGreaterThan(0);
        // A tie is a voxel whose two best logits (reference, original grid) are closer than 1e-4: float
        // summation order may then pick either; everywhere else the labels must be identical.
        let differing = 0;
        let differingAwayFromTies = 0;
        const counts = [0, 0, 0];
        for (let n = 0; n < labels.length; n++) {
          counts[labels[n]!]!++;
          if (labels[n] !== ref.labels[n]) {
            differing++;
            if (ref.margin[n]! >= 1e-4) differingAwayFromTies++;
          }
        }
        expect(differingAwayFromTies, name).toBe(0);
        expect(differing).toBeLessThanOrEqual(2);
        // The phantom is not trivially one class: the comparison covers class borders.
        expect(
          counts.filter((c) => c > labels.length / 20).length,
          `class counts ${counts}`,
        ).toBeGreaterThanOrEqual(2);
      },
    );
  },
);
