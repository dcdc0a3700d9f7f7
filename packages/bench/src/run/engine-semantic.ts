import type { Semantic2dManifest, Session } from "@edgeseg/engine-core";
import { sliceToFloat32 } from "../nifti/index.ts";
import { createSemantic2d, needsVolumeStats, volumeStats } from "../pipeline/index.ts";
import { type Engine, informativeSlices } from "./engine.ts";

/**
 * Slices per run in the per-case pass: one, as a clinical case is processed, whatever maxBatch allows.
 * Batching slices bought no speed on a CPU (unet2d-base, 40 slices at 1 thread: batch 8 took as long or
 * longer than 40 single runs) and cost ONNX Runtime's arena ~108 MB more at batch 8 than at 1 — memory
 * that a device's budget (constraint 1) would be charged for the harness's choice, not the model's need
 * (docs/performance.md, "Where the benchmark child's extra memory goes"). Offline still batches.
 */
export const CASE_BATCH = 1;

export function semanticEngine(
  session: Session,
  manifest: Semantic2dManifest,
  labelMap: ReadonlyMap<number, number>,
  sessionCreateMs: number,
): Engine {
  const pipeline = createSemantic2d(session, manifest);
  const statsFor = (image: Parameters<typeof volumeStats>[0]) =>
    needsVolumeStats(manifest.preprocessing) ? { stats: volumeStats(image) } : {};
  const prepareSlices = (
    image: Parameters<typeof volumeStats>[0],
    ks: number[],
    stats: ReturnType<typeof statsFor>,
  ) => {
    const [nx, ny] = image.dims;
    const slices = ks.map((k) => sliceToFloat32(image, k));
    return pipeline.prepare(slices, nx, ny, { ...stats, buffer: pipeline.inputBuffer(ks.length) });
  };
  return {
    sessionCreateMs,
    executionProvider: session.executionProvider,
    requestedFallbacks: session.fallbackReasons,
    maxBatch: pipeline.maxBatch,
    async segment(image, _groundTruth, onSlice, ready) {
      const out = await pipeline.segmentVolume(image, {
        labelMap,
        batchSize: CASE_BATCH,
        ...(onSlice ? { onSlice } : {}),
        ...(ready ? { ready } : {}),
      });
      return { labels: out.labels, slices: out.slices, timing: out.timing };
    },
    prepareQueries(image, groundTruth, count) {
      const stats = statsFor(image); // one pass over the volume, not one per prepared query
      return informativeSlices(groundTruth, image.dims, count).map((k) =>
        session.prepare(prepareSlices(image, [k], stats).feeds),
      );
    },
    prepareBatch(image, groundTruth, batchSize) {
      if (batchSize > pipeline.maxBatch) return null;
      const ks = informativeSlices(groundTruth, image.dims, batchSize);
      while (ks.length < batchSize) ks.push(ks[ks.length % Math.max(1, ks.length)] ?? 0);
      return session.prepare(prepareSlices(image, ks, statsFor(image)).feeds);
    },
    release: () => session.release(),
  };
}
