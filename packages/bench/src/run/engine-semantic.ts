import type { Semantic2dManifest } from "../manifest/index.ts";
import { sliceToFloat32 } from "../nifti/index.ts";
import { createSemantic2d, needsVolumeStats, volumeStats } from "../pipeline/index.ts";
import type { Session } from "../runtime/index.ts";
import { type Engine, informativeSlices } from "./engine.ts";

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
    async segment(image, _groundTruth, onSlice) {
      const out = await pipeline.segmentVolume(image, {
        labelMap,
        batchSize: pipeline.maxBatch,
        ...(onSlice ? { onSlice } : {}),
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
