import { tmpdir } from "node:os";
import path from "node:path";
import { scenarioSettingsSchema } from "@edgeseg/protocol";
import { z } from "zod";

/** What the parent hands the child process: plain JSON, validated again on the child's side. */
export const runSpecSchema = z
  .object({
    manifestPath: z.string().min(1),
    datasetDir: z.string().min(1),
    backend: z.enum(["node", "wasm"]),
    /** Why the parent chose this backend (selectBackend); the child reports it with the runtime. */
    backendReason: z.string().max(2000),
    runtime: z
      .object({
        intraOpThreads: z.number().int().nonnegative(),
        graphOptimizationLevel: z.enum(["disabled", "basic", "extended", "all"]),
        executionProviders: z.array(z.string()).min(1),
        memoryArena: z.boolean(),
        memoryPattern: z.boolean(),
      })
      .strict(),
    scenario: scenarioSettingsSchema,
    /** Where skeletons are filled (by their sha256); default defaultSkeletonCacheDir(). */
    skeletonCacheDir: z.string().min(1).optional(),
    /** Dataset content hash when the caller already verified it (a suite's pinned dataset). */
    datasetSha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict();

export type RunSpec = z.infer<typeof runSpecSchema>;

/**
 * Defaults for a single model run; a suite pins its own. SingleStream is repeated 3 to 6 times, each
 * repeat ≥ 3 s and ≥ 200 queries, until the repeats' p50 agree within 3.5 % (the Phoronix Test
 * Suite's standard-deviation threshold): about the 10 s one measurement took before, and a spread
 * measured rather than assumed (docs/benchmarking.md, "Repeats and stability").
 */
export const defaultScenario = {
  singleStream: { minDurationMs: 3000, minQueries: 200, maxDurationMs: 60_000 },
  // 64 images, but at most 30 s: at ~1 s per promptable image, 64 took half of a whole run.
  offline: { batchSize: 4, minQueries: 64, maxDurationMs: 30_000 },
  warmupQueries: 5,
  nsdToleranceMm: 2,
  maxCases: null,
  repeats: { minRepeats: 3, maxRepeats: 6, maxCov: 0.035 },
} satisfies z.infer<typeof scenarioSettingsSchema>;

/** The filled models of skeletons when the caller names no cache (the agent passes its own cache). */
export const defaultSkeletonCacheDir = (): string => path.join(tmpdir(), "edgeseg-skeletons");
