import { join } from "node:path";
import { type BenchmarkRequest, runBenchmark } from "@edgeseg/bench";
import type { ResultDocument } from "@edgeseg/protocol";
import { defaultCacheDir } from "../../suite/cache-dir.ts";
import { AGENT_VERSION } from "../../version.ts";
import type { BenchOptions } from "./options.ts";
import { createProgress } from "./progress.ts";

/** Runs one model with the flags' runtime settings; shared by single-model and suite runs. */
export async function runOne(
  opts: BenchOptions,
  req: Pick<BenchmarkRequest, "manifestPath" | "datasetDir" | "scenario" | "suite" | "datasetSha256">,
): Promise<ResultDocument> {
  const progress = createProgress(req.manifestPath.split("/").slice(-2, -1)[0] ?? "model");
  try {
    return await runBenchmark({
      ...req,
      backend: opts.backend,
      ...(opts.threads !== undefined ? { threads: opts.threads } : {}),
      // commander's --no-memory-arena sets false; true means "not given": the device class decides.
      ...(opts.memoryArena ? {} : { memoryArena: false }),
      ...(opts.memoryPattern ? {} : { memoryPattern: false }),
      timeoutMs: opts.timeout * 1000,
      ...(opts.memoryLimit ? { memoryLimitMb: opts.memoryLimit } : {}),
      skeletonCacheDir: join(defaultCacheDir(), "skeletons"),
      agentVersion: AGENT_VERSION,
      onProgress: progress.update,
    });
  } finally {
    progress.stop();
  }
}
