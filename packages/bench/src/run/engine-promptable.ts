import type { InferenceQuery, Promptable2dManifest, Session } from "@edgeseg/engine-core";
import { type NiftiVolume, sliceToFloat32 } from "../nifti/index.ts";
import { createPromptable2d, needsVolumeStats, slicePrompts, volumeStats } from "../pipeline/index.ts";
import { type Engine, informativeSlices, type PromptableTotals } from "./engine.ts";

export function promptableEngine(
  sessions: { encoder: Session; decoder: Session },
  manifest: Promptable2dManifest,
  organValues: readonly number[],
  sessionCreateMs: number,
): Engine {
  const pipeline = createPromptable2d(sessions, manifest);
  const organs = organValues.map((datasetValue) => ({ datasetValue }));
  const totals: PromptableTotals = { slicesEncoded: 0, boxesDecoded: 0, encoderMs: 0, decoderMs: 0 };

  /**
   * One query of a promptable model is what a clinician's click costs on a new image: the encoder on
   * the slice, then the decoder on one box. Inputs and the box tensor are prepared beforehand.
   */
  const statsFor = (image: NiftiVolume) =>
    needsVolumeStats(manifest.preprocessing) ? { stats: volumeStats(image) } : {};

  function queryFor(
    image: NiftiVolume,
    groundTruth: Uint8Array,
    k: number,
    stats: ReturnType<typeof statsFor>,
  ): InferenceQuery {
    const [nx, ny] = image.dims;
    const prepared = pipeline.prepare(sliceToFloat32(image, k), nx, ny, {
      ...stats,
      buffer: pipeline.inputBuffer(),
    });
    const box = slicePrompts(groundTruth, k, nx, ny, organValues, manifest.prompt).find(
      (b) => b !== null,
    ) ?? {
      x0: 0,
      y0: 0,
      x1: nx - 1,
      y1: ny - 1,
    };
    const boxTensor = pipeline.boxTensor(box, nx, ny);
    return async () => pipeline.decode(await pipeline.encode(prepared), boxTensor);
  }

  return {
    sessionCreateMs,
    executionProvider: sessions.encoder.executionProvider,
    requestedFallbacks: [...sessions.encoder.fallbackReasons, ...sessions.decoder.fallbackReasons],
    maxBatch: 1,
    async segment(image, groundTruth, onSlice, ready) {
      const out = await pipeline.segmentVolume(image, groundTruth, {
        organs,
        ...(onSlice ? { onSlice } : {}),
        ...(ready ? { ready } : {}),
      });
      const { preprocessMs, encoderMs, decoderMs, postprocessMs } = out.timing;
      totals.slicesEncoded += out.counts.slicesEncoded;
      totals.boxesDecoded += out.counts.boxesDecoded;
      totals.encoderMs += encoderMs;
      totals.decoderMs += decoderMs;
      return {
        labels: out.labels,
        slices: out.slices,
        timing: { preprocessMs, inferMs: encoderMs + decoderMs, postprocessMs },
      };
    },
    prepareQueries(image, groundTruth, count) {
      const stats = statsFor(image); // one pass over the volume, not one per prepared query
      return informativeSlices(groundTruth, image.dims, count).map((k) =>
        queryFor(image, groundTruth, k, stats),
      );
    },
    prepareBatch(image, groundTruth, batchSize) {
      if (batchSize !== 1) return null;
      const [k] = informativeSlices(groundTruth, image.dims, 1);
      return queryFor(image, groundTruth, k ?? 0, statsFor(image));
    },
    promptableTotals: () => ({ ...totals }),
    async release() {
      await sessions.encoder.release();
      await sessions.decoder.release();
    },
  };
}
