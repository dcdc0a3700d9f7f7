import type { DatasetCase } from "../dataset/index.ts";
import { readNifti } from "../nifti/index.ts";
import { measureFirstInference } from "../timing/index.ts";
import type { Engine } from "./engine.ts";
import { readGroundTruth } from "./evaluate-cases.ts";

/** First inference after model load (lazy allocation, kernel selection), as onnxruntime_perf_test reports it. */
export async function measureFirstQuery(engine: Engine, c: DatasetCase): Promise<number> {
  const [image, { groundTruth }] = await Promise.all([readNifti(c.imagePath), readGroundTruth(c.labelPath)]);
  const [query] = engine.prepareQueries(image, groundTruth, 1);
  return query ? measureFirstInference(query) : 0;
}
