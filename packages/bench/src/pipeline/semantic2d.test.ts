import type { Session } from "@edgeseg/engine-core";
import { type Semantic2dManifest, semantic2dManifestSchema } from "@edgeseg/engine-core";
import { AppError } from "@edgeseg/protocol";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sliceToFloat32 } from "../nifti/slice.ts";
import { openFixtureSession, readFixtureManifest, volumeOf } from "../testing/pipeline.ts";
import { labelLookup } from "./postprocess.ts";
import { createSemantic2d } from "./semantic2d.ts";

// threshold-seg (fixtures/models/make_models.py): CT window 40/400, then class 0 where x <= 0.4,
// 1 where 0.4 < x <= 0.65, 2 above; i.e. HU <= 0 → 0, 0 < HU <= 100 → 1, HU > 100 → 2.
const BG = -500;
const LIVER = 50;
const SPLEEN = 300;
const labelMap = new Map([
  [1, 6],
  [2, 1],
]);

let session: Session;
let manifest: Semantic2dManifest;
beforeAll(async () => {
  manifest = semantic2dManifestSchema.parse(readFixtureManifest("threshold-seg"));
  session = await openFixtureSession("threshold-seg", "model.onnx");
});
afterAll(() => session.release());

/**
 * nx = 40 columns, ny = 30 rows: top-left spleen, top-right liver, bottom-left background, bottom-right
 * liver, split at i = 20 and j = 15. Only pixels next to a split see mixed values after the 40×30 → 64×64
 * resize; worked through by hand (axis.ts taps), every one of them keeps its quadrant's class, e.g.
 * (i 20, j 14) samples 0.1875 * x(spleen) + 0.8125 * x(liver) = 0.614 → liver. Slice 2 is all spleen.
 */
const quadrant = (i: number, j: number, k: number) => {
  if (k === 2) return SPLEEN;
  if (j < 15) return i < 20 ? SPLEEN : LIVER;
  return i < 20 ? BG : LIVER;
};
const expected = (i: number, j: number, k: number) => {
  const hu = quadrant(i, j, k);
  return hu === SPLEEN ? 1 : hu === LIVER ? 6 : 0;
};

describe("semantic-2d with threshold-seg through onnxruntime-node", () => {
  it("segments a non-square volume exactly, in dataset label values", async () => {
    const volume = volumeOf([40, 30, 3], quadrant);
    const result = await createSemantic2d(session, manifest).segmentVolume(volume, { labelMap });
    const want = volumeOf([40, 30, 3], expected, new Uint8Array(3600)).data;
    expect(result.slices).toBe(3);
    expect(result.labels).toEqual(want);
    expect(result.timing.inferMs).toBeGreaterThan(0);
  });

  it("a volume still being read: each batch waits for its own slices only, and the labels are the same", async () => {
    const full = volumeOf([40, 30, 5], (i, j, k) => quadrant(i, j, k % 3));
    // The voxels "arrive" slice by slice: the array starts empty and ready(n) copies slices up to n.
    const arriving = { ...full, data: new Int16Array(full.data.length) } as typeof full;
    const plane = 40 * 30;
    let landed = 0;
    const asked: number[] = [];
    const ready = async (n: number) => {
      asked.push(n);
      await new Promise((r) => setTimeout(r, 1));
      if (n > landed) {
        arriving.data.set(full.data.subarray(landed * plane, n * plane), landed * plane);
        landed = n;
      }
    };
    const pipeline = createSemantic2d(session, manifest);
    const streamed = await pipeline.segmentVolume(arriving, { labelMap, batchSize: 2, ready });
    expect(asked).toEqual([2, 4, 5]);
    const whole = await pipeline.segmentVolume(full, { labelMap, batchSize: 2 });
    expect(streamed.labels).toEqual(whole.labels);
  });

  it("batched runs give the same labels and report progress per run", async () => {
    const volume = volumeOf([40, 30, 5], (i, j, k) => quadrant(i, j, k % 3));
    const pipeline = createSemantic2d(session, manifest);
    expect(pipeline.maxBatch).toBe(8);
    const progress: number[] = [];
    const batched = await pipeline.segmentVolume(volume, {
      labelMap,
      batchSize: 3,
      onSlice: (d) => progress.push(d),
    });
    const single = await pipeline.segmentVolume(volume, { labelMap, batchSize: 1 });
    expect(progress).toEqual([3, 5]);
    expect(batched.labels).toEqual(single.labels);
    expect(batched.labels[0 + 40 * 30 * 3]).toBe(1); // slice 3 = slice 0's pattern
  });

  it("prepare and infer stay apart: the prepared feeds can be run again", async () => {
    const volume = volumeOf([40, 30, 1], quadrant);
    const pipeline = createSemantic2d(session, manifest);
    const prepared = pipeline.prepare(sliceToFloat32(volume, 0), 40, 30);
    expect(prepared.feeds.image?.dims).toEqual([1, 1, 64, 64]);
    const a = await pipeline.infer(prepared);
    const b = await pipeline.infer(prepared);
    expect([a.classes, a.height, a.width, a.count]).toEqual([3, 64, 64, 1]);
    expect(b.logits).toEqual(a.logits);
    const out = new Uint8Array(1200);
    pipeline.toLabels(a, 0, 40, 30, labelLookup(labelMap), out);
    expect(out).toEqual(volumeOf([40, 30, 1], expected, new Uint8Array(1200)).data);
  });

  it("per-volume z-score: statistics come from the whole volume", async () => {
    // Same graph, z-score without fixed values: slices of 0 and 100 → mean 50, std 50 → z = ∓1,
    // * 0.25 + 0.5 → 0.25 (background) and 0.75 (class 2).
    const zscore = {
      ...manifest,
      preprocessing: {
        ...manifest.preprocessing,
        intensity: { kind: "z-score" as const },
        scale: 0.25,
        offset: 0.5,
      },
    };
    const volume = volumeOf([5, 3, 4], (_i, _j, k) => (k < 2 ? 0 : 100));
    const result = await createSemantic2d(session, zscore).segmentVolume(volume, { labelMap, batchSize: 4 });
    expect([...result.labels]).toEqual([...new Array(30).fill(0), ...new Array(30).fill(1)]);
  });

  it("refuses a manifest that does not describe the graph", () => {
    const wrongName = structuredClone(manifest);
    wrongName.graphs.model.inputs[0]!.name = "pixels";
    expect(() => createSemantic2d(session, wrongName)).toThrow(/names input "pixels".*"image"/);
    const wrongSize = {
      ...manifest,
      preprocessing: { ...manifest.preprocessing, resize: [32, 32] as [number, number] },
    };
    expect(() => createSemantic2d(session, wrongSize)).toThrow(AppError);
  });
});
