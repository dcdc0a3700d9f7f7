import type { Session } from "@edgeseg/engine-core";
import { type Promptable2dManifest, promptable2dManifestSchema } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFixtureSession, readFixtureManifest, volumeOf } from "../testing/pipeline.ts";
import { createPromptable2d, type Promptable2d } from "./promptable2d.ts";

// box-prompt (fixtures/models/make_models.py): mask logit = min(8 (b - 0.5), margin), b = mean of the
// pixel's 4×4 block, margin = signed distance of the pixel centre (i + 0.5) inside the box. With the CT
// window 40/400, HU 300 is x = 1 (bright) and HU -500 is x = 0.
const BRIGHT = 300;
const DARK = -500;
const square = (lo: number, hi: number) => (i: number, j: number) => i >= lo && i <= hi && j >= lo && j <= hi;

let encoder: Session;
let decoder: Session;
let manifest: Promptable2dManifest;
let pipeline: Promptable2d;
beforeAll(async () => {
  manifest = promptable2dManifestSchema.parse(readFixtureManifest("box-prompt"));
  encoder = await openFixtureSession("box-prompt", "encoder.onnx");
  decoder = await openFixtureSession("box-prompt", "decoder.onnx");
  pipeline = createPromptable2d({ encoder, decoder }, manifest);
});
afterAll(async () => {
  await encoder.release();
  await decoder.release();
});

describe("promptable-2d with box-prompt through onnxruntime-node", () => {
  it("a bright square inside its box comes back as the square", async () => {
    const inSquare = square(16, 31);
    const volume = volumeOf([64, 64, 1], (i, j) => (inSquare(i, j) ? BRIGHT : DARK));
    // Reference one pixel larger on the far sides: box (16, 16, 32, 32) holds every bright pixel centre.
    const gt = volumeOf([64, 64, 1], (i, j) => (square(16, 32)(i, j) ? 3 : 0), new Uint8Array(4096))
      .data as Uint8Array;
    const result = await pipeline.segmentVolume(volume, gt, { organs: [{ datasetValue: 3 }] });
    expect(result.labels).toEqual(
      volumeOf([64, 64, 1], (i, j) => (inSquare(i, j) ? 3 : 0), new Uint8Array(4096)).data,
    );
    expect(result.counts).toEqual({ slicesEncoded: 1, boxesDecoded: 1 });
  });

  it("tight boxes are inclusive pixel indices (MedSAM), which this decoder reads as edges", async () => {
    // Box (16, 16, 31, 31): the fixture wants centres strictly inside, so column and row 31 drop out.
    const inSquare = square(16, 31);
    const volume = volumeOf([64, 64, 1], (i, j) => (inSquare(i, j) ? BRIGHT : DARK));
    const gt = volumeOf([64, 64, 1], (i, j) => (inSquare(i, j) ? 3 : 0), new Uint8Array(4096))
      .data as Uint8Array;
    const result = await pipeline.segmentVolume(volume, gt, { organs: [{ datasetValue: 3 }] });
    expect(result.labels).toEqual(
      volumeOf([64, 64, 1], (i, j) => (square(16, 30)(i, j) ? 3 : 0), new Uint8Array(4096)).data,
    );
  });

  it("overlapping organs go to the higher logit; slices without an organ are not encoded", async () => {
    const volume = volumeOf([64, 64, 3], () => BRIGHT);
    const a = square(8, 31);
    const b = square(24, 47);
    const gt = volumeOf(
      [64, 64, 3],
      (i, j, k) => {
        if (k === 1) return b(i, j) ? 5 : a(i, j) ? 3 : 0;
        if (k === 2) return i === 40 && j === 40 ? 5 : 0;
        return 0;
      },
      new Uint8Array(64 * 64 * 3),
    ).data as Uint8Array;
    const result = await pipeline.segmentVolume(volume, gt, {
      organs: [{ datasetValue: 3 }, { datasetValue: 5 }],
    });
    expect(result.counts).toEqual({ slicesEncoded: 2, boxesDecoded: 3 });
    // The fixture's rule on slice 1: logit = min(4, margin); higher wins, a tie keeps organ 3 (listed first).
    const margin = (i: number, j: number, lo: number, hi: number) =>
      Math.min(i + 0.5 - lo, hi - i - 0.5, j + 0.5 - lo, hi - j - 0.5);
    const want = (i: number, j: number) => {
      const la = Math.min(4, margin(i, j, 8, 31));
      const lb = Math.min(4, margin(i, j, 24, 47));
      if (la <= 0 && lb <= 0) return 0;
      return lb > la ? 5 : 3;
    };
    const slice1 = result.labels.subarray(4096, 8192);
    expect(slice1).toEqual(volumeOf([64, 64, 1], want, new Uint8Array(4096)).data);
    expect([slice1[24 + 64 * 24], slice1[30 + 64 * 30], slice1[27 + 64 * 27]]).toEqual([3, 5, 3]);
    expect(result.labels.subarray(0, 4096).every((v) => v === 0)).toBe(true);
    // A one-pixel reference gives a zero-area box (40, 40, 40, 40): no centre strictly inside.
    expect(result.labels.subarray(8192).every((v) => v === 0)).toBe(true);
  });

  it("keeps columns and rows apart on a non-square slice (nx 40, ny 30)", async () => {
    const rect = (i: number, j: number) => i >= 4 && i <= 23 && j >= 6 && j <= 17;
    const volume = volumeOf([40, 30, 1], (i, j) => (rect(i, j) ? BRIGHT : DARK));
    const gt = volumeOf([40, 30, 1], (i, j) => (rect(i, j) ? 2 : 0), new Uint8Array(1200)).data as Uint8Array;
    expect(pipeline.boxTensor({ x0: 4, y0: 6, x1: 23, y1: 17 }, 40, 30)).toMatchObject({
      dims: [1, 4],
      data: Float32Array.from([6.4, (6 * 64) / 30, 36.8, (17 * 64) / 30]),
    });
    const result = await pipeline.segmentVolume(volume, gt, {
      organs: [{ datasetValue: 2 }],
      jitterPx: 2,
      seed: 9,
    });
    for (let j = 0; j < 30; j++) {
      for (let i = 0; i < 40; i++) {
        const label = result.labels[i + 40 * j];
        // The encoder's 4×4 blocks (on the 64×64 resize) may spill the mask one native pixel over.
        const near = i >= 3 && i <= 24 && j >= 5 && j <= 18;
        if (!near) expect(label, `(${i}, ${j}) is outside the rectangle`).toBe(0);
        else if (i >= 6 && i <= 20 && j >= 8 && j <= 15) expect(label, `(${i}, ${j}) is inside`).toBe(2);
      }
    }
    const again = await pipeline.segmentVolume(volume, gt, {
      organs: [{ datasetValue: 2 }],
      jitterPx: 2,
      seed: 9,
    });
    expect(again.labels).toEqual(result.labels);
  });

  it("refuses a ground truth of the wrong size and invalid organ labels", async () => {
    const volume = volumeOf([4, 4, 1], () => 0);
    await expect(
      pipeline.segmentVolume(volume, new Uint8Array(15), { organs: [{ datasetValue: 1 }] }),
    ).rejects.toThrow(AppError);
    await expect(
      pipeline.segmentVolume(volume, new Uint8Array(16), { organs: [{ datasetValue: 0 }] }),
    ).rejects.toThrow(/1\.\.255/);
  });
});
