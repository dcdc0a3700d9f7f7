import type { Semantic3dPatchManifest, Session } from "@edgeseg/engine-core";
import type { NiftiVolume } from "../nifti/index.ts";
import { createSemantic3d, type PreparedVolume } from "../pipeline/index.ts";
import type { Engine } from "./engine.ts";

/** Prepared patch inputs held for SingleStream: each is a whole patch, so fewer than the 2D pool. */
const MAX_PATCH_QUERIES = 8;

/**
 * Tile origins spread evenly over the case's sliding window (all of them when there are few): a query
 * is one patch, so SingleStream times the inference of a patch.
 */
function spreadOrigins(prepared: PreparedVolume, count: number) {
  const { origins } = prepared;
  if (origins.length <= count) return [...origins];
  return Array.from({ length: count }, (_, n) => origins[Math.floor((n * origins.length) / count)]!);
}

export function semantic3dEngine(
  session: Session,
  manifest: Semantic3dPatchManifest,
  labelMap: ReadonlyMap<number, number>,
  sessionCreateMs: number,
): Engine {
  const pipeline = createSemantic3d(session, manifest);
  return {
    sessionCreateMs,
    executionProvider: session.executionProvider,
    requestedFallbacks: session.fallbackReasons,
    maxBatch: pipeline.maxBatch,
    async segment(image: NiftiVolume, _groundTruth, onSlice, ready) {
      // Resampling to the model's spacing needs every slice: the 3D pipeline starts on a complete file.
      await ready?.(image.dims[2]);
      const out = await pipeline.segmentVolume(image, { labelMap, ...(onSlice ? { onPatch: onSlice } : {}) });
      return { labels: out.labels, slices: out.slices, timing: out.timing };
    },
    prepareQueries(image, _groundTruth, count) {
      const prepared = pipeline.prepareVolume(image);
      return spreadOrigins(prepared, Math.min(count, MAX_PATCH_QUERIES)).map((origin) =>
        session.prepare(pipeline.patchFeeds(prepared, [origin])),
      );
    },
    prepareBatch(image, _groundTruth, batchSize) {
      if (batchSize > pipeline.maxBatch) return null;
      const prepared = pipeline.prepareVolume(image);
      const origins = spreadOrigins(prepared, batchSize);
      while (origins.length < batchSize) origins.push(origins[origins.length % Math.max(1, origins.length)]!);
      return session.prepare(pipeline.patchFeeds(prepared, origins));
    },
    release: () => session.release(),
  };
}
